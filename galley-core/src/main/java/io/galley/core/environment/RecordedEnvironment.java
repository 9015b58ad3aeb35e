package io.galley.core.environment;

import static java.util.Objects.requireNonNull;

import io.galley.core.tracking.Tag;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A run's {@link Environment} as read back, and where it was read from: the input of {@code galley
 * runs env}, of run diffs and of reproduction checks.
 *
 * @param source where this was read from
 * @param environment what was recorded; empty when nothing was
 */
public record RecordedEnvironment(Source source, Environment environment) {

  /** Where a recorded environment came from. */
  public enum Source {
    /** The {@value Environment#ARTIFACT} artifact: everything, libraries with their hashes. */
    ENVIRONMENT_JSON,
    /** Run tags only: properties, library versions (no hashes), git commit. */
    TAGS,
    /** Nothing was recorded. */
    NONE
  }

  public RecordedEnvironment {
    requireNonNull(source, "source");
    requireNonNull(environment, "environment");
  }

  /** What a run's {@value Environment#ARTIFACT} holds. */
  public static RecordedEnvironment ofArtifact(Environment environment) {
    return new RecordedEnvironment(Source.ENVIRONMENT_JSON, environment);
  }

  /** A run that recorded nothing. */
  public static RecordedEnvironment none() {
    return nothing(List.of());
  }

  private static RecordedEnvironment nothing(List<String> notes) {
    return new RecordedEnvironment(
        Source.NONE,
        new Environment(0, null, 0, Map.of(), List.of(), List.of(), null, Map.of(), notes));
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
    List<Library> libraries = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    byKey.forEach(
        (key, value) -> {
          if (key.startsWith(EnvironmentTagKeys.LIBRARY_PREFIX)) {
            String lib = key.substring(EnvironmentTagKeys.LIBRARY_PREFIX.length());
            int slash = lib.indexOf('/');
            if (slash > 0) {
              libraries.add(
                  Library.ofCoordinates(
                      new MavenCoordinates(
                          lib.substring(0, slash), lib.substring(slash + 1), value)));
            }
          } else if (key.equals(EnvironmentTagKeys.ARTIFACTS_SKIPPED)) {
            notes.add(Environment.ARTIFACT + " was not uploaded: " + value);
          } else if (key.startsWith(EnvironmentTagKeys.PREFIX)
              && !key.equals(EnvironmentTagKeys.GIT_DIRTY)) {
            properties.put(key.substring(EnvironmentTagKeys.PREFIX.length()), value);
          }
        });
    libraries.sort(Comparator.comparing(Library::name));
    String commit = byKey.get(EnvironmentTagKeys.MLFLOW_GIT_COMMIT);
    String dirty = byKey.get(EnvironmentTagKeys.GIT_DIRTY);
    GitState git =
        commit == null
            ? null
            : GitState.ofTags(
                commit,
                byKey.get(EnvironmentTagKeys.MLFLOW_GIT_BRANCH),
                byKey.get(EnvironmentTagKeys.MLFLOW_GIT_REPO_URL),
                dirty == null ? null : Boolean.valueOf(dirty));
    if (properties.isEmpty() && libraries.isEmpty() && git == null) {
      return nothing(notes);
    }
    return new RecordedEnvironment(
        Source.TAGS,
        new Environment(0, null, 0, properties, List.of(), libraries, git, Map.of(), notes));
  }

  /** This environment with one more note (e.g. why environment.json could not be read). */
  public RecordedEnvironment withNote(String note) {
    Environment e = environment;
    List<String> more = new ArrayList<>(e.notes());
    more.add(requireNonNull(note, "note"));
    return new RecordedEnvironment(
        source,
        new Environment(
            e.formatVersion(),
            e.capturedAt(),
            e.captureMillis(),
            e.properties(),
            e.jvmArguments(),
            e.libraries(),
            e.git(),
            e.variables(),
            more));
  }

  /** Whether anything was recorded. */
  public boolean captured() {
    return source != Source.NONE;
  }

  /**
   * The class path's jars in class path order (by name when read from tags), directories left out.
   */
  public List<Library> jars() {
    return environment.libraries().stream().filter(l -> !l.directory()).toList();
  }

  public int formatVersion() {
    return environment.formatVersion();
  }

  public Map<String, String> properties() {
    return environment.properties();
  }

  public List<String> jvmArguments() {
    return environment.jvmArguments();
  }

  public Map<String, String> variables() {
    return environment.variables();
  }

  public @Nullable GitState git() {
    return environment.git();
  }

  public List<String> notes() {
    return environment.notes();
  }

  /** A property, or null when it was not recorded. */
  public @Nullable String property(String key) {
    return environment.property(key);
  }
}
