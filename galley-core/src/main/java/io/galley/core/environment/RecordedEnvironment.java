package io.galley.core.environment;

import static java.util.Objects.requireNonNull;

import io.galley.core.tracking.Tag;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What a run recorded about where it ran, whichever way it was recorded. Property keys are those of
 * the SDK's {@code Environment} ({@code java.version}, {@code os.arch}, {@code cpu.model}, {@code
 * process.main-class}…), so two environments compare key by key.
 *
 * @param source where this was read from
 * @param formatVersion environment.json's {@code format-version}; 0 when read from tags
 * @param properties scalar facts by key, sorted
 * @param jvmArguments the JVM's input arguments (environment.json only)
 * @param libraries the class path's jars in class path order (by name when read from tags)
 * @param git the git state; null when none was recorded
 * @param variables allow-listed environment variables (environment.json only), sorted
 * @param notes why something is missing, as recorded, plus what reading found wrong
 */
public record RecordedEnvironment(
    Source source,
    int formatVersion,
    Map<String, String> properties,
    List<String> jvmArguments,
    List<RecordedLibrary> libraries,
    @Nullable RecordedGit git,
    Map<String, String> variables,
    List<String> notes) {

  /** The run artifact that holds the whole capture. */
  public static final String ARTIFACT = "environment.json";

  /** Where a recorded environment came from. */
  public enum Source {
    /** The {@value #ARTIFACT} artifact: everything, libraries with their hashes. */
    ENVIRONMENT_JSON,
    /** Run tags only: properties, library versions (no hashes), git commit. */
    TAGS,
    /** Nothing was recorded. */
    NONE
  }

  public RecordedEnvironment {
    requireNonNull(source, "source");
    properties = Collections.unmodifiableMap(new TreeMap<>(properties));
    jvmArguments = List.copyOf(jvmArguments);
    libraries = List.copyOf(libraries);
    variables = Collections.unmodifiableMap(new TreeMap<>(variables));
    notes = List.copyOf(notes);
  }

  /** A run that recorded nothing. */
  public static RecordedEnvironment none() {
    return new RecordedEnvironment(
        Source.NONE, 0, Map.of(), List.of(), List.of(), null, Map.of(), List.of());
  }

  /**
   * The environment a run's tags hold: {@code galley.env.*} properties and libraries, git from
   * MLflow's {@code mlflow.source.git.*} (which MLflow's own clients set as well) and {@code
   * galley.env.git.dirty}. {@link #none()} when there is neither.
   */
  public static RecordedEnvironment fromTags(Collection<Tag> tags) {
    Map<String, String> byKey = new LinkedHashMap<>();
    tags.forEach(t -> byKey.put(t.key(), t.value()));
    Map<String, String> properties = new TreeMap<>();
    List<RecordedLibrary> libraries = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    byKey.forEach(
        (key, value) -> {
          if (key.startsWith(EnvironmentTagKeys.LIBRARY_PREFIX)) {
            String lib = key.substring(EnvironmentTagKeys.LIBRARY_PREFIX.length());
            libraries.add(new RecordedLibrary(lib.replaceFirst("/", ":"), value, null, null));
          } else if (key.equals(EnvironmentTagKeys.ARTIFACTS_SKIPPED)) {
            notes.add("environment.json was not uploaded: " + value);
          } else if (key.startsWith(EnvironmentTagKeys.PREFIX)
              && !key.equals(EnvironmentTagKeys.GIT_DIRTY)) {
            properties.put(key.substring(EnvironmentTagKeys.PREFIX.length()), value);
          }
        });
    libraries.sort(Comparator.comparing(RecordedLibrary::name));
    String commit = byKey.get(EnvironmentTagKeys.MLFLOW_GIT_COMMIT);
    String dirty = byKey.get(EnvironmentTagKeys.GIT_DIRTY);
    RecordedGit git =
        commit == null
            ? null
            : new RecordedGit(
                commit,
                byKey.get(EnvironmentTagKeys.MLFLOW_GIT_BRANCH),
                byKey.get(EnvironmentTagKeys.MLFLOW_GIT_REPO_URL),
                dirty == null ? null : Boolean.valueOf(dirty));
    if (properties.isEmpty() && libraries.isEmpty() && git == null) {
      return notes.isEmpty()
          ? none()
          : new RecordedEnvironment(
              Source.NONE, 0, Map.of(), List.of(), List.of(), null, Map.of(), notes);
    }
    return new RecordedEnvironment(
        Source.TAGS, 0, properties, List.of(), libraries, git, Map.of(), notes);
  }

  /** This environment with one more note (e.g. why environment.json could not be read). */
  public RecordedEnvironment withNote(String note) {
    List<String> more = new ArrayList<>(notes);
    more.add(requireNonNull(note, "note"));
    return new RecordedEnvironment(
        source, formatVersion, properties, jvmArguments, libraries, git, variables, more);
  }

  /** Whether anything was recorded. */
  public boolean captured() {
    return source != Source.NONE;
  }

  /** A property, or null when it was not recorded. */
  public @Nullable String property(String key) {
    return properties.get(key);
  }
}
