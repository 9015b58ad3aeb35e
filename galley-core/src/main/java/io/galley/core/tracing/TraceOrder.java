package io.galley.core.tracing;

import static java.util.Objects.requireNonNull;

/** One order_by clause of a trace search, e.g. {@code timestamp_ms DESC}. */
public record TraceOrder(TraceKey key, boolean ascending) {
  public TraceOrder {
    requireNonNull(key, "key");
  }
}
