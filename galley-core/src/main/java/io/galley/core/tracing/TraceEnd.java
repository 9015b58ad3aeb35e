package io.galley.core.tracing;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * The end of a trace (MLflow's {@code EndTrace}): its end time (the execution time is that minus
 * the start), final status, and metadata and tags merged over those it has.
 */
public record TraceEnd(
    String requestId,
    long timestampMs,
    TraceStatus status,
    Map<String, String> requestMetadata,
    Map<String, String> tags) {
  public TraceEnd {
    requireNonNull(requestId, "requestId");
    requireNonNull(status, "status");
    requestMetadata = TraceInfo.sorted(requestMetadata);
    tags = TraceInfo.sorted(tags);
  }
}
