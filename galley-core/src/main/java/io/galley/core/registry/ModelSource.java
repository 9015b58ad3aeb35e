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
   * NUL). Trailing slashes are dropped.
   */
  public static Optional<ModelSource> parse(String source) {
    Matcher runs = RUNS.matcher(source);
    if (runs.matches()) {
      return Optional.of(new ModelSource(runs.group(1), path(runs.group(2))));
    }
    Matcher proxied = PROXIED.matcher(source);
    if (proxied.matches()) {
      return Optional.of(new ModelSource(proxied.group(2), path(proxied.group(3))));
    }
    return Optional.empty();
  }

  /** A directory may be written with a trailing slash ({@code runs:/id/model/}): same place. */
  private static ArtifactPath path(String raw) {
    int end = raw.length();
    while (end > 0 && raw.charAt(end - 1) == '/') {
      end--;
    }
    return ArtifactPath.parse(raw.substring(0, end));
  }
}
