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
    assertThat(env.libraries())
        .containsExactly(
            new RecordedLibrary("com.fasterxml.jackson.core:jackson-core", "2.19.2", null, null),
            new RecordedLibrary("org.tribuo:tribuo-core", "4.3.1", null, null));
    assertThat(env.git()).isEqualTo(new RecordedGit("abc123", "main", null, true));
  }

  @Test
  void anMlflowRunWithACommitHasGitOnly_OneWithoutHasNothing() {
    RecordedEnvironment git =
        RecordedEnvironment.fromTags(
            List.of(new Tag("mlflow.source.git.commit", "abc"), new Tag("mlflow.user", "ada")));
    assertThat(git.source()).isEqualTo(RecordedEnvironment.Source.TAGS);
    assertThat(git.git()).isEqualTo(new RecordedGit("abc", null, null, null));
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
    assertThat(RecordedLibrary.fromFileName("h2-2.3.232.jar", "ab"))
        .isEqualTo(new RecordedLibrary("h2", "2.3.232", "ab", "h2-2.3.232.jar"));
    assertThat(RecordedLibrary.fromFileName("checker-qual-3.49.3.jar", null).name())
        .isEqualTo("checker-qual");
    assertThat(RecordedLibrary.fromFileName("app-1.0-SNAPSHOT.jar", null).version())
        .isEqualTo("1.0-SNAPSHOT");
    assertThat(RecordedLibrary.fromFileName("tools.jar", null))
        .isEqualTo(new RecordedLibrary("tools.jar", null, null, "tools.jar"));
  }
}
