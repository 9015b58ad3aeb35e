package io.galley.examples.iris;

import java.util.Map;

/** What one run of the example trained and scored: test accuracy and macro-averaged F1. */
public record RunResult(
    String runName,
    String runId,
    String family,
    Map<String, Object> hyperparameters,
    double accuracy,
    double macroF1) {

  public RunResult {
    hyperparameters = Map.copyOf(hyperparameters);
  }
}
