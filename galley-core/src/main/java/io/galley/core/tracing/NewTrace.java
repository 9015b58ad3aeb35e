package io.galley.core.tracing;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/** A trace being started (MLflow's {@code StartTrace}): it is IN_PROGRESS until ended. */
public record NewTrace(
    String experimentId,
    long timestampMs,
    Map<String, String> requestMetadata,
    Map<String, String> tags) {
  public NewTrace {
    requireNonNull(experimentId, "experimentId");
    requestMetadata = TraceInfo.sorted(requestMetadata);
    tags = TraceInfo.sorted(tags);
  }
}
