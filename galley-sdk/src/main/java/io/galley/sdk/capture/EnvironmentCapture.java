package io.galley.sdk.capture;

import static java.util.Objects.requireNonNull;

import io.galley.core.environment.Environment;
import java.util.Map;

/**
 * Records the {@link Environment} of this JVM: what {@code startRun} does unless told otherwise. It
 * never fails a run: what cannot be found is left out and explained in {@link Environment#notes()}.
 * The first capture in a JVM hashes every jar on the class path (about a second per few hundred
 * MB); later ones reuse the hashes.
 */
public final class EnvironmentCapture {
  private final CaptureOptions options;
  private final Map<String, String> variables;

  /** Capture of this process, as {@code options} say. */
  public EnvironmentCapture(CaptureOptions options) {
    this(options, System.getenv());
  }

  /**
   * Capture that reads environment variables from {@code variables} instead of the process's (for
   * launchers that run training in-process on behalf of another environment, and for tests).
   */
  public EnvironmentCapture(CaptureOptions options, Map<String, String> variables) {
    this.options = requireNonNull(options, "options");
    this.variables = Map.copyOf(variables);
  }

  public CaptureOptions options() {
    return options;
  }

  public Environment capture() {
    return EnvironmentProbe.capture(options, variables);
  }
}
