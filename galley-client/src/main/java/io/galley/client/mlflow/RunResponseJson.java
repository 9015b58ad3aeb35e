package io.galley.client.mlflow;

import io.galley.core.tracking.Run;

/** Response of {@code runs/create} and {@code runs/get}. */
public record RunResponseJson(RunJson run) {
  public static RunResponseJson of(Run run) {
    return new RunResponseJson(RunJson.of(run));
  }
}
