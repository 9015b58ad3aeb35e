package io.galley.oci.modelpack;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.galley.core.blob.Digest;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelPackArtifactTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ModelPackArtifact.About ABOUT =
      new ModelPackArtifact.About(
          "iris",
          "3",
          Instant.parse("2026-12-01T10:00:00Z"),
          "runs:/abc/model",
          "0123abcd",
          "tribuo");

  private static ModelPackArtifact.File file(String path, char hex, long size) {
    return new ModelPackArtifact.File(path, new Digest(String.valueOf(hex).repeat(64)), size);
  }

  @Test
  void eachFileIsARawLayerWithItsOwnDigestInPathOrderWhateverOrderTheyCameIn() throws IOException {
    List<ModelPackArtifact.File> files =
        List.of(
            file("model.tribuo", 'a', 1000), file("MLmodel", 'b', 300), file("README.md", 'c', 20));
    ModelPackArtifact one = ModelPackArtifact.of(ABOUT, files, Map.of("io.galley.model", "iris"));
    ModelPackArtifact other =
        ModelPackArtifact.of(
            ABOUT,
            List.of(files.get(2), files.get(0), files.get(1)),
            Map.of("io.galley.model", "iris"));
    assertThat(one.manifestDigest()).isEqualTo(other.manifestDigest());

    JsonNode manifest = JSON.readTree(one.manifestBytes());
    assertThat(manifest.path("artifactType").asText()).isEqualTo(ModelPackArtifact.ARTIFACT_TYPE);
    assertThat(manifest.path("config").path("mediaType").asText())
        .isEqualTo(ModelPackArtifact.CONFIG);
    JsonNode layers = manifest.path("layers");
    assertThat(layers).hasSize(3);
    assertThat(layers.get(0).path("annotations").path(ModelPackArtifact.FILEPATH).asText())
        .isEqualTo("MLmodel");
    assertThat(layers.get(0).path("mediaType").asText()).isEqualTo(ModelPackArtifact.WEIGHT_CONFIG);
    assertThat(layers.get(1).path("mediaType").asText()).isEqualTo(ModelPackArtifact.DOC);
    assertThat(layers.get(2).path("mediaType").asText()).isEqualTo(ModelPackArtifact.WEIGHT);
    assertThat(layers.get(2).path("digest").asText()).isEqualTo("sha256:" + "a".repeat(64));

    JsonNode config = JSON.readTree(new String(one.configBytes(), UTF_8));
    assertThat(config.path("descriptor").path("name").asText()).isEqualTo("iris");
    assertThat(config.path("descriptor").path("createdAt").asText())
        .isEqualTo("2026-12-01T10:00:00Z");
    assertThat(config.path("modelfs").path("type").asText()).isEqualTo("layers");
    assertThat(config.path("modelfs").path("diff_ids").get(2).asText())
        .isEqualTo("sha256:" + "a".repeat(64));
  }

  @Test
  void aFilesNameChoosesItsLayerType() {
    assertThat(ModelPackArtifact.mediaTypeOf("onnx/model.onnx"))
        .isEqualTo(ModelPackArtifact.WEIGHT);
    assertThat(ModelPackArtifact.mediaTypeOf("input_example.json"))
        .isEqualTo(ModelPackArtifact.WEIGHT_CONFIG);
    assertThat(ModelPackArtifact.mediaTypeOf("LICENSE")).isEqualTo(ModelPackArtifact.DOC);
    assertThat(ModelPackArtifact.mediaTypeOf("code/train.py")).isEqualTo(ModelPackArtifact.CODE);
  }
}
