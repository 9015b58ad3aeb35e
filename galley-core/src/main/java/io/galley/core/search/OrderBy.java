package io.galley.core.search;

import static java.util.Objects.requireNonNull;

/** One {@code order_by} clause, e.g. {@code metrics.acc DESC}. */
public record OrderBy(EntityType type, String key, boolean ascending) {
  public OrderBy {
    requireNonNull(type, "type");
    requireNonNull(key, "key");
  }
}
