package io.galley.core.environment;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.core.tracking.Tag;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading an environment back from the tags capture writes (and MLflow's clients write). */
class RecordedEnvironmentTest {

  @Test
  void galleyTagsGiveProperties_LibrariesAndGit() {
    RecordedEnvironment env =
        RecordedEnvironment.fromTags(
            List.of(
                new Tag("mlflow.runName", "r1"),
                new Tag("mlflow.source.git.commit", "abc123"),
                new Tag("mlflow.source.git.branch", "main"),
                new Tag("galley.env.java.version", "17.0.12"),
                new Tag("galley.env.git.dirty", "true"),
                new Tag("galley.env.lib.org.tribuo/tribuo-core", "4.3.1"),
                new Tag("galley.env.lib.com.fasterxml.jackson.core/jackson-core", "2.19.2")));
    assertThat(env.source()).isEqualTo(RecordedEnvironment.Source.TAGS);
    assertThat(env.properties()).containsExactly(Map.entry("java.version", "17.0.12"));
    assertThat(env.jars())
        .containsExactly(
            Library.ofCoordinates(
                new MavenCoordinates("com.fasterxml.jackson.core", "jackson-core", "2.19.2")),
            Library.ofCoordinates(new MavenCoordinates("org.tribuo", "tribuo-core", "4.3.1")));
    assertThat(env.jars().get(0).name()).isEqualTo("com.fasterxml.jackson.core:jackson-core");
    assertThat(env.git()).isEqualTo(GitState.ofTags("abc123", "main", null, true));
  }

  @Test
  void anMlflowRunWithACommitHasGitOnly_OneWithoutHasNothing() {
    RecordedEnvironment git =
        RecordedEnvironment.fromTags(
            List.of(new Tag("mlflow.source.git.commit", "abc"), new Tag("mlflow.user", "ada")));
    assertThat(git.source()).isEqualTo(RecordedEnvironment.Source.TAGS);
    assertThat(git.git()).isEqualTo(GitState.ofTags("abc", null, null, null));
    assertThat(git.properties()).isEmpty();

    RecordedEnvironment none = RecordedEnvironment.fromTags(List.of(new Tag("mlflow.user", "ada")));
    assertThat(none).isEqualTo(RecordedEnvironment.none());
    assertThat(none.captured()).isFalse();
  }

  @Test
  void skippedArtifactsBecomeANote() {
    RecordedEnvironment env =
        RecordedEnvironment.fromTags(
            List.of(
                new Tag("galley.env.os.arch", "amd64"),
                new Tag("galley.env.artifacts-skipped", "artifact_uri file:/x is not served")));
    assertThat(env.properties()).containsOnlyKeys("os.arch");
    assertThat(env.notes())
        .containsExactly("environment.json was not uploaded: artifact_uri file:/x is not served");
  }

  @Test
  void aJarWithoutCoordinatesIsNamedAndVersionedAfterItsFileName() {
    Library h2 = jar("h2-2.3.232.jar");
    assertThat(h2.name()).isEqualTo("h2");
    assertThat(h2.version()).isEqualTo("2.3.232");
    assertThat(jar("checker-qual-3.49.3.jar").name()).isEqualTo("checker-qual");
    assertThat(jar("app-1.0-SNAPSHOT.jar").version()).isEqualTo("1.0-SNAPSHOT");
    assertThat(jar("tools.jar").name()).isEqualTo("tools.jar");
    assertThat(jar("tools.jar").version()).isNull();
  }

  @Test
  void directoriesAreNotJars() {
    Library classes = new Library("/src/classes", "classes", true, 0, null, null, List.of());
    RecordedEnvironment env =
        RecordedEnvironment.ofArtifact(
            new Environment(
                1,
                null,
                0,
                Map.of(),
                List.of(),
                List.of(classes, jar("h2-2.3.232.jar")),
                null,
                Map.of(),
                List.of()));
    assertThat(env.jars()).extracting(Library::name).containsExactly("h2");
  }

  private static Library jar(String fileName) {
    return new Library("/lib/" + fileName, fileName, false, 1, null, null, List.of());
  }
}
