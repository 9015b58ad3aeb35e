package io.galley.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.cfg.PackageVersion;
import io.galley.client.environment.EnvironmentJson;
import io.galley.core.environment.Environment;
import io.galley.core.environment.Library;
import io.galley.sdk.capture.CaptureItem;
import io.galley.sdk.capture.CaptureOptions;
import io.galley.sdk.internal.EnvironmentTags;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** startRun records the environment as MLflow tags, Galley tags and artifacts on the server. */
class RunEnvironmentTest {

  @Test
  void aRunCarriesItsEnvironmentAsTagsAndArtifacts(@TempDir Path data, @TempDir Path src)
      throws Exception {
    GitRepo repo = GitRepo.withOneCommit(src, "feature-x");
    Files.writeString(src.resolve("train.py"), "lr = 0.3\n");
    try (LiveServer server = new LiveServer(data)) {
      Galley galley =
          server.builder().capture(CaptureOptions.defaults().withWorkingDirectory(src)).build();
      String runId;
      Environment env;
      try (ActiveRun run = galley.experiment("captured").startRun("with-env")) {
        runId = run.id();
        env = run.environment().orElseThrow();
      }

      Map<String, String> tags = server.tags(runId);
      assertThat(tags)
          .containsEntry("mlflow.user", System.getProperty("user.name"))
          .containsEntry("mlflow.source.type", "LOCAL")
          .containsEntry("mlflow.source.git.commit", repo.git("rev-parse", "HEAD"))
          .containsEntry("mlflow.source.git.branch", "feature-x")
          .containsEntry("galley.env.java.version", System.getProperty("java.version"))
          .containsEntry("galley.env.os.arch", System.getProperty("os.arch"))
          .containsEntry("galley.env.git.dirty", "true")
          .containsEntry(
              "galley.env.lib.com.fasterxml.jackson.core/jackson-databind",
              PackageVersion.VERSION.toString());
      assertThat(server.run(runId).path("info").path("user_id").asText())
          .isEqualTo(System.getProperty("user.name"));
      // More library tags than one request may carry (100): every one arrived.
      long libraries =
          env.libraries().stream()
              .filter(l -> l.maven() != null)
              .map(Library::maven)
              .map(m -> m.groupId() + "/" + m.artifactId())
              .distinct()
              .count();
      assertThat(tags.keySet().stream().filter(k -> k.startsWith(EnvironmentTags.LIBRARY_PREFIX)))
          .hasSize((int) libraries);
      assertThat(libraries).isGreaterThan(30);

      String json =
          new String(
              server.artifact(runId, ActiveRun.ENVIRONMENT_ARTIFACT), StandardCharsets.UTF_8);
      Environment stored = EnvironmentJson.read(json);
      assertThat(stored.git()).isEqualTo(env.git().withoutDiff());
      assertThat(stored.libraries()).isEqualTo(env.libraries());
      assertThat(stored.properties()).isEqualTo(env.properties());
      String diff =
          new String(server.artifact(runId, "git/uncommitted.diff"), StandardCharsets.UTF_8);
      assertThat(diff).isEqualTo(env.git().diff()).contains("+lr = 0.3");
    }
  }

  @Test
  void withoutAnArtifactProxyTheEnvironmentIsTagsOnly(@TempDir Path data, @TempDir Path elsewhere) {
    try (LiveServer server = new LiveServer(data)) {
      // An experiment whose artifacts live where only the server could write (as on an MLflow
      // server without --serve-artifacts): startRun must still work.
      server.post(
          "/api/2.0/mlflow/experiments/create",
          Map.of("name", "local-artifacts", "artifact_location", elsewhere.toUri().toString()));
      Galley galley = server.builder().capture(CaptureOptions.none().with(CaptureItem.JVM)).build();
      String runId;
      try (ActiveRun run = galley.experiment("local-artifacts").startRun()) {
        runId = run.id();
        assertThatThrownBy(() -> run.logArtifact(data))
            .hasMessageContaining("cannot write to")
            .hasMessageContaining("--serve-artifacts");
      }
      assertThat(server.tags(runId))
          .containsEntry("galley.env.java.version", System.getProperty("java.version"))
          .containsKey(ActiveRun.NO_ARTIFACTS_TAG);
      assertThat(server.run(runId).path("info").path("status").asText()).isEqualTo("FINISHED");
    }
  }

  @Test
  void nothingIsRecordedWhenCaptureIsOff(@TempDir Path data) {
    try (LiveServer server = new LiveServer(data)) {
      String runId;
      try (ActiveRun run = server.galley().experiment("bare").startRun()) {
        runId = run.id();
        assertThat(run.environment()).isEmpty();
      }
      assertThat(server.tags(runId).keySet()).noneMatch(k -> k.startsWith("galley.env."));
      assertThat(server.artifactPaths(runId, "")).isEmpty();
    }
  }
}
