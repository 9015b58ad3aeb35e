package io.galley.core.tracking;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** An experiment: a named group of runs. */
public record Experiment(
    String experimentId,
    String name,
    String artifactLocation,
    LifecycleStage lifecycleStage,
    long creationTime,
    long lastUpdateTime,
    List<Tag> tags) {

  /** The experiment every store has from the start, as in MLflow. */
  public static final String DEFAULT_ID = "0";

  public static final String DEFAULT_NAME = "Default";

  public Experiment {
    requireNonNull(experimentId, "experimentId");
    requireNonNull(name, "name");
    requireNonNull(artifactLocation, "artifactLocation");
    requireNonNull(lifecycleStage, "lifecycleStage");
    tags = List.copyOf(tags);
  }
}
