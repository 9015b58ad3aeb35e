package io.galley.sdk;

import io.galley.sdk.capture.CaptureOptions;

/**
 * A training program run in a child JVM by {@link ChildJvmTest}, with an environment of its own: it
 * finds the server through {@code GALLEY_TRACKING_URI}, finishes one run and leaves a second one
 * open when {@code main} returns, for the shutdown hook to end.
 */
public final class ChildTraining {
  private ChildTraining() {}

  public static void main(String[] args) {
    Galley galley =
        Galley.builder()
            .capture(CaptureOptions.defaults().withVariables("MY_SERVICE_TOKEN", "DB_URL", "NOTES"))
            .build();
    Experiment experiment = galley.experiment("child");
    String finished;
    try (ActiveRun run = experiment.startRun("finished")) {
      finished = run.id();
      run.logParam("lr", 0.1);
      run.logMetric("loss", 0.25, 1);
      System.out.println(
          "CAPTURE "
              + run.environment().orElseThrow().captureMillis()
              + " ms, "
              + run.environment().orElseThrow().libraries().size()
              + " entries");
    }
    ActiveRun open = experiment.startRun("left-open");
    for (int i = 0; i < 3; i++) {
      open.logMetric("loss", 0.5 - i * 0.1, i);
    }
    System.out.println("RUNS " + finished + " " + open.id());
  }
}
