package io.galley.client.mlflow;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.galley.core.tracking.RunData;
import java.util.List;

/** MLflow's {@code RunData}; a run with nothing logged writes {@code "data": {}}. */
public record RunDataJson(
    @JsonInclude(NON_EMPTY) List<MetricJson> metrics,
    @JsonInclude(NON_EMPTY) List<ParamJson> params,
    @JsonInclude(NON_EMPTY) List<TagJson> tags) {
  /** Absent lists read as empty; empty lists are left out when written. */
  public RunDataJson {
    metrics = WireJson.listOrEmpty(metrics);
    params = WireJson.listOrEmpty(params);
    tags = WireJson.listOrEmpty(tags);
  }

  public static RunDataJson of(RunData d) {
    return new RunDataJson(
        d.metrics().stream().map(MetricJson::of).toList(),
        d.params().stream().map(ParamJson::of).toList(),
        TagJson.listOf(d.tags()));
  }

  /** The core record this message carries. */
  public RunData toRunData() {
    return new RunData(
        metrics.stream().map(MetricJson::toMetric).toList(),
        params.stream().map(ParamJson::toParam).toList(),
        TagJson.toTags(tags));
  }
}
