package io.galley.core.environment;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What a run ran on, as the SDK's environment capture found it or as a run's tags recorded it:
 * environment.json's one model. Scalar facts are {@link #properties()} under stable keys (the
 * constants below), so that two environments diff key by key; a key is absent when its item was
 * turned off or the fact could not be found (see {@link #notes()}).
 *
 * <p>A run records it as the artifact {@value #ARTIFACT} (galley-client's {@code EnvironmentJson},
 * kebab-case fields, {@code format-version} {@value #FORMAT_VERSION}) and as tags: MLflow's {@code
 * mlflow.user}, {@code mlflow.source.name} (the main class), {@code mlflow.source.type} ({@code
 * LOCAL}), {@code mlflow.source.git.commit}, {@code mlflow.source.git.branch}, {@code
 * mlflow.source.git.repoURL}; then {@code galley.env.<key>} for every property but the command
 * line, {@code galley.env.git.dirty}, and {@code galley.env.lib.<groupId>/<artifactId>} = version
 * for every library with Maven coordinates (MLflow's tag names allow no {@code :}).
 *
 * <p>OS and architecture are recorded because floating-point results of {@code Math} (not {@code
 * StrictMath}) and native BLAS may differ across them: a changed result with a changed OS is
 * explained.
 *
 * @param formatVersion the version of environment.json's layout; 0 when read from tags
 * @param capturedAt when the capture started; null when read from tags
 * @param captureMillis how long it took (hashing jars the first time dominates)
 * @param properties scalar facts by key, sorted
 * @param jvmArguments the JVM's input arguments, secrets redacted
 * @param libraries the class path in order, {@code Class-Path} manifest entries followed
 * @param git the git state; null outside a repository or when not captured
 * @param variables allow-listed environment variables that are set, sorted
 * @param notes why something expected is missing (e.g. "git: not a git repository")
 */
public record Environment(
    int formatVersion,
    @Nullable Instant capturedAt,
    long captureMillis,
    Map<String, String> properties,
    List<String> jvmArguments,
    List<Library> libraries,
    @Nullable GitState git,
    Map<String, String> variables,
    List<String> notes) {

  /** The run artifact that holds the whole capture. */
  public static final String ARTIFACT = "environment.json";

  /** The newest layout of {@value #ARTIFACT}; readers accept 1 up to it. */
  public static final int FORMAT_VERSION = 1;

  public static final String JAVA_VERSION = "java.version";
  public static final String JAVA_VENDOR = "java.vendor";
  public static final String JAVA_VM_NAME = "java.vm.name";
  public static final String JAVA_VM_VERSION = "java.vm.version";
  public static final String JAVA_RUNTIME_VERSION = "java.runtime.version";
  public static final String JAVA_HOME = "java.home";
  public static final String OS_NAME = "os.name";
  public static final String OS_VERSION = "os.version";
  public static final String OS_ARCH = "os.arch";
  public static final String CPU_MODEL = "cpu.model";
  public static final String CPU_COUNT = "cpu.count";
  public static final String MEMORY_TOTAL_BYTES = "memory.total-bytes";
  public static final String MEMORY_MAX_HEAP_BYTES = "memory.max-heap-bytes";

  /** How many GPUs {@code nvidia-smi} lists; then {@code gpu.<i>.name}, {@code .memory}. */
  public static final String GPU_COUNT = "gpu.count";

  public static final String GPU_DRIVER = "gpu.driver";
  public static final String HOST_NAME = "host.name";
  public static final String USER_NAME = "user.name";
  public static final String PROCESS_WORKING_DIR = "process.working-dir";
  public static final String PROCESS_MAIN_CLASS = "process.main-class";
  public static final String PROCESS_COMMAND_LINE = "process.command-line";

  public Environment {
    properties = Collections.unmodifiableMap(new TreeMap<>(properties));
    jvmArguments = List.copyOf(jvmArguments);
    libraries = List.copyOf(libraries);
    variables = Collections.unmodifiableMap(new TreeMap<>(variables));
    notes = List.copyOf(notes);
  }

  /** A property, or null when it was not captured. */
  public @Nullable String property(String key) {
    return properties.get(key);
  }
}
