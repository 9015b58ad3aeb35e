package io.galley.client.mlflow;

import io.galley.core.tracking.Run;

/** MLflow's {@code Run}: {@code info}, {@code data} and {@code inputs}, always all three. */
public record RunJson(RunInfoJson info, RunDataJson data, RunInputsJson inputs) {
  public static RunJson of(Run run) {
    return new RunJson(
        RunInfoJson.of(run.info()), RunDataJson.of(run.data()), RunInputsJson.of(run.inputs()));
  }
}
