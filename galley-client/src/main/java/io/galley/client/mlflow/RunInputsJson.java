package io.galley.client.mlflow;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.galley.core.tracking.DatasetInput;
import java.util.List;

/** MLflow's {@code RunInputs}; written as {@code "inputs": {}} when a run has none. */
public record RunInputsJson(@JsonInclude(NON_EMPTY) List<DatasetInputJson> datasetInputs) {
  /** Absent lists read as empty; empty lists are left out when written. */
  public RunInputsJson {
    datasetInputs = WireJson.listOrEmpty(datasetInputs);
  }

  public static RunInputsJson of(List<DatasetInput> inputs) {
    return new RunInputsJson(inputs.stream().map(DatasetInputJson::of).toList());
  }

  /** The core records this message carries. */
  public List<DatasetInput> toDatasetInputs() {
    return datasetInputs.stream().map(DatasetInputJson::toDatasetInput).toList();
  }
}
