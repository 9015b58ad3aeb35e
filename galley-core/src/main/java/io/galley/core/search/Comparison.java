package io.galley.core.search;

import static java.util.Objects.requireNonNull;

/**
 * One clause of a filter, e.g. {@code metrics.acc > 0.9}. Attribute keys are canonical (the parser
 * maps aliases such as {@code run_name}'s and {@code created}'s); dataset keys are {@code name},
 * {@code digest} or {@code context}.
 */
public record Comparison(EntityType type, String key, Comparator comparator, FilterValue value) {
  public Comparison {
    requireNonNull(type, "type");
    requireNonNull(key, "key");
    requireNonNull(comparator, "comparator");
    requireNonNull(value, "value");
  }
}
