package io.galley.core.artifact;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A URI naming a file or directory in a run's artifact tree, in the two forms MLflow's clients
 * write: {@code runs:/<run_id>/<path>} and {@code
 * mlflow-artifacts:/<experiment_id>/<run_id>/artifacts/<path>} (also with an authority, {@code
 * mlflow-artifacts://host:port/...}, which names this server as seen by the client).
 */
public record RunFileUri(String runId, ArtifactPath path) {
  private static final Pattern RUNS = Pattern.compile("runs:/([^/]+)/?(.*)", Pattern.DOTALL);
  private static final Pattern PROXIED =
      Pattern.compile(
          "mlflow-artifacts:(?://[^/]*)?/+([^/]+)/([^/]+)/artifacts/?(.*)", Pattern.DOTALL);

  public RunFileUri {
    requireNonNull(runId, "runId");
    requireNonNull(path, "path");
  }

  /**
   * The run and path {@code uri} names; empty when it is neither form. Throws {@link
   * io.galley.core.InvalidRequestException} when it is one of them with an unsafe path ({@code ..},
   * an absolute path, NUL). Trailing slashes are dropped.
   */
  public static Optional<RunFileUri> parse(String uri) {
    requireNonNull(uri, "uri");
    Matcher runs = RUNS.matcher(uri);
    if (runs.matches()) {
      return Optional.of(new RunFileUri(runs.group(1), path(runs.group(2))));
    }
    Matcher proxied = PROXIED.matcher(uri);
    if (proxied.matches()) {
      return Optional.of(new RunFileUri(proxied.group(2), path(proxied.group(3))));
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

  /** The {@code runs:/} form. */
  @Override
  public String toString() {
    return path.isRoot() ? "runs:/" + runId : "runs:/" + runId + "/" + path;
  }
}
