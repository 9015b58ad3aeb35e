package io.galley.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.galley.core.blob.Digest;
import io.galley.core.tracking.DatasetInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Artifacts, dataset inputs and failed runs, checked through the server's REST API. */
class ArtifactsAndInputsTest extends LiveServerTest {
  @Test
  void aFileAndADirectoryAreUploadedAsTheyAre(@TempDir Path dir) throws IOException {
    Path report = Files.writeString(dir.resolve("report.txt"), "accuracy 0.93\n");
    Path plots = Files.createDirectories(dir.resolve("plots"));
    Files.writeString(plots.resolve("loss curve.svg"), "<svg/>");
    Files.createDirectories(plots.resolve("per-class"));
    byte[] binary = new byte[300_000];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) (i * 31);
    }
    Files.write(plots.resolve("per-class").resolve("setosa+1.bin"), binary);
    String runId;
    try (ActiveRun run = galley.experiment("artifacts").startRun()) {
      runId = run.id();
      run.logArtifact(report);
      run.logArtifact(report, "/reports/");
      run.logArtifact(plots, "figures");
    }
    assertThat(server.artifactPaths(runId, ""))
        .containsExactlyInAnyOrder(
            "report.txt",
            "reports/report.txt",
            "figures/plots/loss curve.svg",
            "figures/plots/per-class/setosa+1.bin");
    assertThat(new String(server.artifact(runId, "report.txt"), StandardCharsets.UTF_8))
        .isEqualTo("accuracy 0.93\n");
    assertThat(server.artifact(runId, "figures/plots/per-class/setosa+1.bin")).isEqualTo(binary);
  }

  @Test
  void aMissingFileIsAnErrorBeforeAnythingIsSent(@TempDir Path dir) {
    try (ActiveRun run = galley.experiment("artifacts").startRun()) {
      assertThatThrownBy(() -> run.logArtifact(dir.resolve("nope.txt")))
          .hasMessageContaining("nope.txt");
    }
  }

  @Test
  void anInputIsLoggedWithItsRealSha256(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("iris.csv");
    StringBuilder rows = new StringBuilder("sepal_length,species\n");
    for (int i = 0; i < 20_000; i++) {
      rows.append(i % 8).append(".1,setosa\n");
    }
    Files.writeString(csv, rows);
    String expected =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(csv)));
    String runId;
    Digest logged;
    try (ActiveRun run = galley.experiment("inputs").startRun()) {
      runId = run.id();
      logged = run.logInput(csv, "training");
    }
    assertThat(logged.hex()).isEqualTo(expected);
    JsonNode input = server.run(runId).path("inputs").path("dataset_inputs").get(0);
    JsonNode dataset = input.path("dataset");
    assertThat(dataset.path("name").asText()).isEqualTo("iris.csv");
    assertThat(dataset.path("digest").asText()).isEqualTo(expected.substring(0, 8));
    assertThat(dataset.path("source_type").asText()).isEqualTo("local");
    JsonNode source = new ObjectMapper().readTree(dataset.path("source").asText());
    assertThat(source.path("uri").asText()).isEqualTo(csv.toUri().toString());
    Map<String, String> tags = new TreeMap<>();
    input.path("tags").forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
    assertThat(tags)
        .containsEntry(DatasetInput.CONTENT_DIGEST_TAG, "sha256:" + expected)
        .containsEntry("mlflow.data.context", "training");
  }

  @Test
  void aThrowingBodyEndsTheRunFailedWithItsStackTrace() {
    String[] runId = new String[1];
    IllegalStateException boom = new IllegalStateException("diverged at epoch 3");
    assertThatThrownBy(
            () ->
                galley
                    .experiment("failures")
                    .run(
                        "explodes",
                        run -> {
                          runId[0] = run.id();
                          run.logMetric("loss", 9.9, 3);
                          throw boom;
                        }))
        .isSameAs(boom);
    JsonNode run = server.run(runId[0]);
    assertThat(run.path("info").path("status").asText()).isEqualTo("FAILED");
    assertThat(server.history(runId[0], "loss")).hasSize(1);
    assertThat(server.tags(runId[0]))
        .containsEntry("galley.error.class", IllegalStateException.class.getName())
        .containsEntry("galley.error.message", "diverged at epoch 3");
    String trace =
        new String(
            server.artifact(runId[0], ActiveRun.STACKTRACE_ARTIFACT), StandardCharsets.UTF_8);
    assertThat(trace)
        .startsWith("java.lang.IllegalStateException: diverged at epoch 3")
        .contains(getClass().getName());
  }

  @Test
  void aCheckedExceptionPassesThroughUnchanged() {
    assertThatThrownBy(
            () ->
                galley
                    .experiment("failures")
                    .run(
                        "io",
                        run -> {
                          throw new IOException("disk full");
                        }))
        .isInstanceOf(IOException.class)
        .hasMessage("disk full");
  }

  @Test
  void withRunReturnsTheBodysResultAndFinishes() {
    String runId =
        galley
            .experiment("failures")
            .withRun(
                "fine",
                run -> {
                  run.logMetric("acc", 1.0);
                  return run.id();
                });
    assertThat(server.run(runId).path("info").path("status").asText()).isEqualTo("FINISHED");
  }

  @Test
  void failEndsATryWithResourcesRunFailed() {
    String runId;
    try (ActiveRun run = galley.experiment("failures").startRun("twr")) {
      runId = run.id();
      try {
        throw new ArithmeticException("/ by zero");
      } catch (ArithmeticException e) {
        run.fail(e);
      }
    }
    assertThat(server.run(runId).path("info").path("status").asText()).isEqualTo("FAILED");
    assertThat(server.artifact(runId, ActiveRun.STACKTRACE_ARTIFACT)).isNotNull();
  }
}
