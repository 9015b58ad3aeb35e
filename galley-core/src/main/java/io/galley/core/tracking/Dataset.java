package io.galley.core.tracking;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/** A dataset as MLflow describes it: identified within an experiment by name and digest. */
public record Dataset(
    String name,
    String digest,
    String sourceType,
    String source,
    @Nullable String schema,
    @Nullable String profile) {

  public Dataset {
    requireNonNull(name, "name");
    requireNonNull(digest, "digest");
    requireNonNull(sourceType, "sourceType");
    requireNonNull(source, "source");
  }
}
