package io.galley.core.tracing;

import static java.util.Objects.requireNonNull;

import io.galley.core.search.Comparator;
import io.galley.core.search.FilterValue;

/**
 * One clause of a trace filter, e.g. {@code timestamp_ms > 1700000000000} or {@code tags.a = 'b'}.
 */
public record TraceCondition(TraceKey key, Comparator comparator, FilterValue value) {
  public TraceCondition {
    requireNonNull(key, "key");
    requireNonNull(comparator, "comparator");
    requireNonNull(value, "value");
  }
}
