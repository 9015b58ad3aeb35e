package io.galley.core.tracking;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/** A run's own attributes (MLflow's {@code RunInfo}). */
public record RunInfo(
    String runId,
    String experimentId,
    String runName,
    String userId,
    RunStatus status,
    long startTime,
    @Nullable Long endTime,
    String artifactUri,
    LifecycleStage lifecycleStage) {

  public RunInfo {
    requireNonNull(runId, "runId");
    requireNonNull(experimentId, "experimentId");
    requireNonNull(runName, "runName");
    requireNonNull(userId, "userId");
    requireNonNull(status, "status");
    requireNonNull(artifactUri, "artifactUri");
    requireNonNull(lifecycleStage, "lifecycleStage");
  }
}
