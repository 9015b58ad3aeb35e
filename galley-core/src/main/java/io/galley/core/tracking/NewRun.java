package io.galley.core.tracking;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a client asks for when it creates a run. A null {@code runName} takes the {@code
 * mlflow.runName} tag if one is given, else a generated name.
 */
public record NewRun(
    String experimentId,
    @Nullable String userId,
    @Nullable String runName,
    long startTime,
    List<Tag> tags) {

  public NewRun {
    requireNonNull(experimentId, "experimentId");
    tags = List.copyOf(tags);
  }
}
