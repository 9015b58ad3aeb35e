package io.galley.server.mlflow.json;

import io.galley.core.tracking.Experiment;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** MLflow's {@code Experiment}, fields in proto field-number order. */
public record ExperimentJson(
    String experimentId,
    String name,
    String artifactLocation,
    String lifecycleStage,
    long lastUpdateTime,
    long creationTime,
    @Nullable List<TagJson> tags) {

  public static ExperimentJson of(Experiment e) {
    return new ExperimentJson(
        e.experimentId(),
        e.name(),
        e.artifactLocation(),
        e.lifecycleStage().wireName(),
        e.lastUpdateTime(),
        e.creationTime(),
        TagJson.listOf(e.tags()));
  }
}
