package io.galley.client.mlflow;

import io.galley.core.tracking.LifecycleStage;
import io.galley.core.tracking.RunInfo;
import io.galley.core.tracking.RunStatus;
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

  /**
   * The core record this message carries. Fields an older or foreign server leaves out read as
   * MLflow's defaults: {@code run_uuid} for {@code run_id}, status RUNNING, stage active.
   */
  public RunInfo toRunInfo() {
    return new RunInfo(
        runId != null ? runId : runUuid,
        experimentId,
        orEmpty(runName),
        orEmpty(userId),
        status == null ? RunStatus.RUNNING : RunStatus.parse(status),
        startTime,
        endTime,
        orEmpty(artifactUri),
        lifecycleStage == null ? LifecycleStage.ACTIVE : LifecycleStage.fromWire(lifecycleStage));
  }

  private static String orEmpty(@Nullable String s) {
    return s == null ? "" : s;
  }
}
