package io.galley.core.registry;

import io.galley.core.artifact.ArtifactPath;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version's source, when it names files of a run Galley tracks: {@code runs:/<run_id>/<path>} or
 * {@code mlflow-artifacts:/<experiment_id>/<run_id>/artifacts/<path>} (what MLflow's client sends
 * after resolving {@code runs:/}). Other sources (a plain URI, {@code s3://...}) are kept as given
 * and name no run files.
 */
public record ModelSource(String runId, ArtifactPath path) {

  private static final Pattern RUNS = Pattern.compile("runs:/([^/]+)/?(.*)");
  private static final Pattern PROXIED =
      Pattern.compile("mlflow-artifacts:/+([^/]+)/([^/]+)/artifacts/?(.*)");

  /**
   * The run and path {@code source} names; empty when it names none. Throws {@link
   * io.galley.core.InvalidRequestException} for a run source whose path is unsafe ({@code ..},
   * NUL).
   */
  public static Optional<ModelSource> parse(String source) {
    Matcher runs = RUNS.matcher(source);
    if (runs.matches()) {
      return Optional.of(new ModelSource(runs.group(1), ArtifactPath.parse(runs.group(2))));
    }
    Matcher proxied = PROXIED.matcher(source);
    if (proxied.matches()) {
      return Optional.of(new ModelSource(proxied.group(2), ArtifactPath.parse(proxied.group(3))));
    }
    return Optional.empty();
  }
}
