package io.galley.server.mlflow.json;

import io.galley.core.tracking.RunData;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** MLflow's {@code RunData}; a run with nothing logged writes {@code "data": {}}. */
public record RunDataJson(
    @Nullable List<MetricJson> metrics,
    @Nullable List<ParamJson> params,
    @Nullable List<TagJson> tags) {

  public static RunDataJson of(RunData d) {
    return new RunDataJson(
        WireJson.nullIfEmpty(d.metrics().stream().map(MetricJson::of).toList()),
        WireJson.nullIfEmpty(d.params().stream().map(ParamJson::of).toList()),
        TagJson.listOf(d.tags()));
  }
}
