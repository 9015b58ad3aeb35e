package io.galley.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.galley.core.registry.ModelVersion;
import io.galley.core.registry.ModelVersionStatus;
import io.galley.sdk.model.ColumnSpec;
import io.galley.sdk.model.InputExample;
import io.galley.sdk.model.ModelFlavor;
import io.galley.sdk.model.ModelInfo;
import io.galley.sdk.model.ModelSignature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** logModel uploads an MLflow model directory; registerModel and setAlias reach the registry. */
class ModelLoggingTest extends LiveServerTest {
  private static final ModelFlavor MODEL =
      new ModelFlavor() {
        @Override
        public String name() {
          return "text_model";
        }

        @Override
        public Map<String, String> writeFiles(Path dir) throws IOException {
          Files.writeString(dir.resolve("weights.txt"), "w = 0.5");
          return Map.of("model_file", "weights.txt");
        }

        @Override
        public Optional<ModelSignature> signature() {
          return Optional.of(
              new ModelSignature(
                  List.of(ColumnSpec.of("x", ColumnSpec.Type.DOUBLE)),
                  List.of(ColumnSpec.of("y", ColumnSpec.Type.DOUBLE))));
        }

        @Override
        public Optional<InputExample> inputExample() {
          return Optional.of(InputExample.of(List.of("x"), List.of(List.of(1.5))));
        }
      };

  @Test
  void aLoggedModelIsAnMlflowModelDirectoryAmongTheRunsArtifacts() throws IOException {
    String runId;
    ModelInfo first;
    ModelInfo second;
    try (ActiveRun run = galley.experiment("models").startRun("linear")) {
      runId = run.id();
      first = run.logModel(MODEL, "model");
      second = run.logModel(MODEL, "/candidates/b/");
    }
    assertThat(first.modelUri()).contains("runs:/" + runId + "/model");
    assertThat(second.artifactPath()).isEqualTo("candidates/b");
    assertThat(server.artifactPaths(runId, "model"))
        .containsExactlyInAnyOrder(
            "model/MLmodel",
            "model/weights.txt",
            "model/input_example.json",
            "model/serving_input_example.json");
    JsonNode mlmodel = new YAMLMapper().readTree(server.artifact(runId, "model/MLmodel"));
    assertThat(mlmodel.path("run_id").asText()).isEqualTo(runId);
    assertThat(mlmodel.path("artifact_path").asText()).isEqualTo("model");
    assertThat(mlmodel.path("model_uuid").asText()).isEqualTo(first.modelUuid());
    assertThat(mlmodel.path("flavors").path("text_model").path("model_file").asText())
        .isEqualTo("weights.txt");
    assertThat(new String(server.artifact(runId, "model/weights.txt"), StandardCharsets.UTF_8))
        .isEqualTo("w = 0.5");

    JsonNode history =
        new ObjectMapper().readTree(server.tags(runId).get("mlflow.log-model.history"));
    assertThat(history).hasSize(2);
    assertThat(history.get(0).path("artifact_path").asText()).isEqualTo("model");
    assertThat(history.get(1).path("model_uuid").asText()).isEqualTo(second.modelUuid());
    assertThat(history.get(0).path("flavors").has("text_model")).isTrue();
  }

  @Test
  void aModelNeedsAPath() {
    try (ActiveRun run = galley.experiment("models").startRun()) {
      assertThatThrownBy(() -> run.logModel(MODEL, "/")).hasMessageContaining("artifact path");
    }
  }

  @Test
  void registeringCreatesTheModelOnceAndAnAliasPointsAtAVersion() {
    String runId;
    try (ActiveRun run = galley.experiment("models").startRun("registered")) {
      runId = run.id();
      run.logModel(MODEL, "model");
    }
    ModelVersion v1 = galley.registerModel(runId, "model", "linear-sdk");
    ModelVersion v2 = galley.registerModel(runId, "model/", "linear-sdk");
    assertThat(v1.version()).isEqualTo(1);
    assertThat(v2.version()).isEqualTo(2);
    assertThat(v2.source()).isEqualTo("runs:/" + runId + "/model");
    assertThat(v2.runId()).isEqualTo(runId);
    assertThat(v2.status()).isEqualTo(ModelVersionStatus.READY);

    galley.setAlias("linear-sdk", "champion", 1);
    JsonNode byAlias =
        server
            .get(
                "/api/2.0/mlflow/registered-models/alias",
                "name",
                "linear-sdk",
                "alias",
                "champion")
            .path("model_version");
    assertThat(byAlias.path("version").asText()).isEqualTo("1");
    assertThatThrownBy(() -> galley.setAlias("linear-sdk", "v2", 2))
        .hasMessageContaining("reserved");
  }
}
