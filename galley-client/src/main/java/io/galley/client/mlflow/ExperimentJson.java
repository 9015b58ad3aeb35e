package io.galley.client.mlflow;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.galley.core.tracking.Experiment;
import java.util.List;

/** MLflow's {@code Experiment}, fields in proto field-number order. */
public record ExperimentJson(
    String experimentId,
    String name,
    String artifactLocation,
    String lifecycleStage,
    long lastUpdateTime,
    long creationTime,
    @JsonInclude(NON_EMPTY) List<TagJson> tags) {
  /** Absent lists read as empty; empty lists are left out when written. */
  public ExperimentJson {
    tags = WireJson.listOrEmpty(tags);
  }

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
