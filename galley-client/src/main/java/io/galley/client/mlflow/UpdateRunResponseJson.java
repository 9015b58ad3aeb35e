package io.galley.client.mlflow;

import io.galley.core.tracking.RunInfo;

/** Response of {@code runs/update}. */
public record UpdateRunResponseJson(RunInfoJson runInfo) {
  public static UpdateRunResponseJson of(RunInfo info) {
    return new UpdateRunResponseJson(RunInfoJson.of(info));
  }
}
