package io.galley.client.mlflow;

import io.galley.core.tracking.Experiment;

/** Response of {@code experiments/get} and {@code experiments/get-by-name}. */
public record ExperimentResponseJson(ExperimentJson experiment) {
  public static ExperimentResponseJson of(Experiment e) {
    return new ExperimentResponseJson(ExperimentJson.of(e));
  }
}
