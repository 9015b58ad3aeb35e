package io.galley.core.search;

import java.util.List;

/** Parses MLflow's {@code order_by} clauses, e.g. {@code metrics.acc DESC}. */
public final class OrderByParser {
  private OrderByParser() {}

  public static List<OrderBy> parse(List<String> clauses, SearchTarget target) {
    throw new UnsupportedOperationException("not written yet");
  }
}
