package io.galley.core.registry;

import io.galley.core.artifact.ArtifactPath;
import io.galley.core.artifact.RunFileUri;
import java.util.Optional;

/**
 * A version's source, when it names files of a run Galley tracks: {@code runs:/<run_id>/<path>} or
 * {@code mlflow-artifacts:/<experiment_id>/<run_id>/artifacts/<path>} (what MLflow's client sends
 * after resolving {@code runs:/}). Other sources (a plain URI, {@code s3://...}) are kept as given
 * and name no run files.
 */
public record ModelSource(String runId, ArtifactPath path) {

  /**
   * The run and path {@code source} names; empty when it names none. Throws {@link
   * io.galley.core.InvalidRequestException} for a run source whose path is unsafe ({@code ..},
   * NUL). Trailing slashes are dropped.
   */
  public static Optional<ModelSource> parse(String source) {
    return RunFileUri.parse(source).map(uri -> new ModelSource(uri.runId(), uri.path()));
  }
}
