package io.galley.sdk.capture;

/**
 * One thing {@link EnvironmentCapture} records; each can be turned off in {@link CaptureOptions}.
 * The keys each item fills are listed in {@link io.galley.core.environment.Environment}.
 */
public enum CaptureItem {
  /** {@code java.*}: version, vendor, VM, runtime version, home. */
  JVM,
  /** The JVM's input arguments ({@code -Xmx…}, {@code -D…}), secrets redacted. */
  JVM_ARGUMENTS,
  /** {@code os.*}: name, version, architecture. */
  OS,
  /** {@code cpu.*}: model and logical processor count. */
  CPU,
  /** {@code memory.*}: physical memory and the JVM's maximum heap. */
  MEMORY,
  /** {@code gpu.*}: NVIDIA GPUs as {@code nvidia-smi} lists them, when it is on the PATH. */
  GPU,
  /** {@code host.name}. */
  HOST,
  /** {@code user.name}. */
  USER,
  /** {@code process.*}: working directory, main class, command line (secrets redacted). */
  PROCESS,
  /** Every jar and directory on the class path, with Maven coordinates where the jar has them. */
  LIBRARIES,
  /** The sha256 of every jar on the class path (each hashed once per JVM). */
  LIBRARY_HASHES,
  /** Git commit, branch, remote, dirty flag and untracked files of the working directory. */
  GIT,
  /** The uncommitted diff ({@code git diff HEAD}), uploaded as {@code git/uncommitted.diff}. */
  GIT_DIFF,
  /** Allow-listed environment variables (never any whose name looks like a secret). */
  ENVIRONMENT_VARIABLES
}
