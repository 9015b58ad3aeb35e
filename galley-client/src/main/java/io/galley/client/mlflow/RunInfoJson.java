package io.galley.client.mlflow;

import io.galley.core.tracking.RunInfo;
import org.jspecify.annotations.Nullable;

/**
 * MLflow's {@code RunInfo}, fields in proto field-number order. The deprecated {@code run_uuid} is
 * written beside {@code run_id} as MLflow's server does; {@code end_time} only once set.
 */
public record RunInfoJson(
    String runUuid,
    String experimentId,
    String runName,
    String userId,
    String status,
    long startTime,
    @Nullable Long endTime,
    String artifactUri,
    String lifecycleStage,
    String runId) {

  public static RunInfoJson of(RunInfo i) {
    return new RunInfoJson(
        i.runId(),
        i.experimentId(),
        i.runName(),
        i.userId(),
        i.status().name(),
        i.startTime(),
        i.endTime(),
        i.artifactUri(),
        i.lifecycleStage().wireName(),
        i.runId());
  }
}
