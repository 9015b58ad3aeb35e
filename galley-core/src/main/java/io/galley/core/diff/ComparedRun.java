package io.galley.core.diff;

import static java.util.Objects.requireNonNull;

import io.galley.core.environment.RecordedEnvironment;
import io.galley.core.tracking.Run;

/** One side of a comparison: a run and the environment it recorded. */
public record ComparedRun(Run run, RecordedEnvironment environment) {
  public ComparedRun {
    requireNonNull(run, "run");
    requireNonNull(environment, "environment");
  }

  public String runId() {
    return run.info().runId();
  }
}
