package io.galley.client.mlflow;

import io.galley.core.tracking.Run;
import java.util.List;

/** MLflow's {@code Run}: {@code info}, {@code data} and {@code inputs}, always all three. */
public record RunJson(RunInfoJson info, RunDataJson data, RunInputsJson inputs) {
  /** A server that leaves out empty {@code data} or {@code inputs} reads as having none. */
  public RunJson {
    data = data == null ? new RunDataJson(List.of(), List.of(), List.of()) : data;
    inputs = inputs == null ? new RunInputsJson(List.of()) : inputs;
  }

  public static RunJson of(Run run) {
    return new RunJson(
        RunInfoJson.of(run.info()), RunDataJson.of(run.data()), RunInputsJson.of(run.inputs()));
  }

  /** The core record this message carries. */
  public Run toRun() {
    return new Run(info.toRunInfo(), data.toRunData(), inputs.toDatasetInputs());
  }
}
