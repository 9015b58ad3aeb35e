package io.galley.server.mlflow.json;

import io.galley.core.tracking.DatasetInput;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** MLflow's {@code RunInputs}; written as {@code "inputs": {}} when a run has none. */
public record RunInputsJson(@Nullable List<DatasetInputJson> datasetInputs) {
  public static RunInputsJson of(List<DatasetInput> inputs) {
    return new RunInputsJson(
        WireJson.nullIfEmpty(inputs.stream().map(DatasetInputJson::of).toList()));
  }
}
