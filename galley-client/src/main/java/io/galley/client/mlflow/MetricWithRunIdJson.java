package io.galley.client.mlflow;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.galley.core.tracking.Metric;

/** MLflow's {@code MetricWithRunId}, the items of {@code metrics/get-history-bulk-interval}. */
public record MetricWithRunIdJson(
    String key,
    @JsonSerialize(using = ProtoDoubleSerializer.class) double value,
    long timestamp,
    long step,
    String runId) {

  public static MetricWithRunIdJson of(Metric metric, String runId) {
    return new MetricWithRunIdJson(
        metric.key(), metric.value(), metric.timestamp(), metric.step(), runId);
  }
}
