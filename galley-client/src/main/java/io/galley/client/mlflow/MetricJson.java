package io.galley.client.mlflow;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.galley.core.tracking.Metric;

/** MLflow's {@code Metric}; {@code step} is always written, as MLflow's server sets it. */
public record MetricJson(
    String key,
    @JsonSerialize(using = ProtoDoubleSerializer.class) double value,
    long timestamp,
    long step) {

  public static MetricJson of(Metric metric) {
    return new MetricJson(metric.key(), metric.value(), metric.timestamp(), metric.step());
  }

  /** The core record this message carries. */
  public Metric toMetric() {
    return new Metric(key, value, timestamp, step);
  }
}
