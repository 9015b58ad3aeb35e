package io.galley.core.search;

import org.jspecify.annotations.Nullable;

/** Parses MLflow's filter grammar into a {@link SearchFilter}. */
public final class FilterParser {
  private FilterParser() {}

  /** A null or blank filter matches everything. */
  public static SearchFilter parse(@Nullable String filter, SearchTarget target) {
    throw new UnsupportedOperationException("not written yet");
  }
}
