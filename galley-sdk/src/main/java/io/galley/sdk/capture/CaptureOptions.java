package io.galley.sdk.capture;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@link EnvironmentCapture} records. Immutable: each {@code with…}/{@code without…} returns a
 * copy.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>items</td><td>all of {@link CaptureItem}</td><td>what to record</td></tr>
 *   <tr><td>variables</td><td>{@link #DEFAULT_VARIABLES}</td><td>environment variables recorded
 *       when set; a name that looks like a secret ({@code TOKEN}, {@code SECRET}, {@code
 *       PASSWORD}, {@code KEY}, {@code CREDENTIAL}…) is never recorded, even when listed</td></tr>
 *   <tr><td>maxDiffBytes</td><td>1 MiB</td><td>cap of the uncommitted diff; longer diffs are cut
 *       and say so</td></tr>
 *   <tr><td>workingDirectory</td><td>{@code user.dir}</td><td>where git is asked about the
 *       repository</td></tr>
 * </table>
 */
public record CaptureOptions(
    Set<CaptureItem> items, Set<String> variables, int maxDiffBytes, Path workingDirectory) {

  /** Environment variables recorded by default: they change how a JVM or native code computes. */
  public static final Set<String> DEFAULT_VARIABLES =
      Collections.unmodifiableSet(
          new TreeSet<>(
              Set.of(
                  "JAVA_HOME",
                  "JAVA_TOOL_OPTIONS",
                  "JDK_JAVA_OPTIONS",
                  "PATH",
                  "LANG",
                  "LC_ALL",
                  "LC_CTYPE",
                  "TZ",
                  "CUDA_VISIBLE_DEVICES",
                  "NVIDIA_VISIBLE_DEVICES",
                  "OMP_NUM_THREADS",
                  "MKL_NUM_THREADS",
                  "OPENBLAS_NUM_THREADS",
                  "GALLEY_TRACKING_URI",
                  "MLFLOW_TRACKING_URI")));

  public static final int DEFAULT_MAX_DIFF_BYTES = 1024 * 1024;

  public CaptureOptions {
    items = items.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(items));
    variables = Collections.unmodifiableSet(new TreeSet<>(variables));
    if (maxDiffBytes < 0) {
      throw new IllegalArgumentException("maxDiffBytes must not be negative, got " + maxDiffBytes);
    }
    requireNonNull(workingDirectory, "workingDirectory");
  }

  /** Everything, the default variables, a 1 MiB diff, git asked in {@code user.dir}. */
  public static CaptureOptions defaults() {
    return new CaptureOptions(
        EnumSet.allOf(CaptureItem.class),
        DEFAULT_VARIABLES,
        DEFAULT_MAX_DIFF_BYTES,
        Path.of(System.getProperty("user.dir")));
  }

  /** Nothing at all: runs carry no environment tags and no environment.json. */
  public static CaptureOptions none() {
    return defaults().without(CaptureItem.values());
  }

  public boolean includes(CaptureItem item) {
    return items.contains(item);
  }

  /** Whether anything at all is recorded. */
  public boolean enabled() {
    return !items.isEmpty();
  }

  public CaptureOptions without(CaptureItem... off) {
    EnumSet<CaptureItem> left = EnumSet.allOf(CaptureItem.class);
    left.retainAll(items);
    left.removeAll(Arrays.asList(off));
    return new CaptureOptions(left, variables, maxDiffBytes, workingDirectory);
  }

  public CaptureOptions with(CaptureItem... on) {
    EnumSet<CaptureItem> more = EnumSet.noneOf(CaptureItem.class);
    more.addAll(items);
    more.addAll(Arrays.asList(on));
    return new CaptureOptions(more, variables, maxDiffBytes, workingDirectory);
  }

  /** Records these environment variables too (secret-looking names stay unrecorded). */
  public CaptureOptions withVariables(String... names) {
    Set<String> all = new TreeSet<>(variables);
    all.addAll(Arrays.asList(names));
    return new CaptureOptions(items, all, maxDiffBytes, workingDirectory);
  }

  /** Records exactly these environment variables (secret-looking names stay unrecorded). */
  public CaptureOptions withOnlyVariables(Set<String> names) {
    return new CaptureOptions(items, names, maxDiffBytes, workingDirectory);
  }

  public CaptureOptions withMaxDiffBytes(int bytes) {
    return new CaptureOptions(items, variables, bytes, workingDirectory);
  }

  public CaptureOptions withWorkingDirectory(Path dir) {
    return new CaptureOptions(items, variables, maxDiffBytes, dir.toAbsolutePath().normalize());
  }
}
