package io.galley.sdk.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.galley.sdk.ModelDirectory;
import io.galley.sdk.model.ColumnSpec.Type;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MLflow model directory the SDK writes, read back with a real YAML parser. */
class ModelDirectoryTest {
  static final ModelSignature SIGNATURE =
      new ModelSignature(
          List.of(ColumnSpec.of("sepal_length", Type.DOUBLE), ColumnSpec.of("it's", Type.LONG)),
          List.of(ColumnSpec.unnamed(Type.STRING)));
  static final InputExample EXAMPLE =
      InputExample.of(
          List.of("sepal_length", "it's"), List.of(List.of(5.1, 3L), Arrays.asList(4.9, null)));

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void writesMlmodelAsMlflowDoes(@TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("model");
    ModelInfo info = ModelDirectory.save(new TextFlavor("weights", SIGNATURE, EXAMPLE), dir);

    JsonNode mlmodel = new YAMLMapper().readTree(dir.resolve("MLmodel").toFile());
    List<String> keys = new ArrayList<>();
    mlmodel.fieldNames().forEachRemaining(keys::add);
    // yaml.safe_dump sorts keys; a model only saved has no run or artifact path.
    assertThat(keys)
        .containsExactly(
            "flavors",
            "model_size_bytes",
            "model_uuid",
            "saved_input_example_info",
            "signature",
            "utc_time_created");
    JsonNode flavor = mlmodel.path("flavors").path("text_model");
    assertThat(flavor.path("model_file").asText()).isEqualTo("data/model.txt");
    // "1.0" and "yes" would read back as a float and a boolean unless quoted.
    assertThat(flavor.path("text_version").isTextual()).isTrue();
    assertThat(flavor.path("text_version").asText()).isEqualTo("1.0");
    assertThat(flavor.path("enabled").isTextual()).isTrue();
    assertThat(mlmodel.path("model_uuid").asText())
        .matches("[0-9a-f]{32}")
        .isEqualTo(info.modelUuid());
    assertThat(mlmodel.path("utc_time_created").asText())
        .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}");
    assertThat(mlmodel.path("model_size_bytes").asLong())
        .isEqualTo(info.modelSizeBytes())
        .isEqualTo(
            Files.size(dir.resolve("data/model.txt"))
                + Files.size(dir.resolve("input_example.json"))
                + Files.size(dir.resolve("serving_input_example.json")));

    JsonNode signature = mlmodel.path("signature");
    assertThat(signature.path("inputs").asText())
        .isEqualTo(
            "[{\"type\": \"double\", \"name\": \"sepal_length\", \"required\": true},"
                + " {\"type\": \"long\", \"name\": \"it's\", \"required\": true}]");
    assertThat(signature.path("outputs").asText())
        .isEqualTo("[{\"type\": \"string\", \"required\": true}]");
    assertThat(signature.path("params").isNull()).isTrue();

    JsonNode exampleInfo = mlmodel.path("saved_input_example_info");
    assertThat(exampleInfo.path("artifact_path").asText()).isEqualTo("input_example.json");
    assertThat(exampleInfo.path("type").asText()).isEqualTo("dataframe");
    assertThat(exampleInfo.path("pandas_orient").asText()).isEqualTo("split");
    assertThat(Files.readString(dir.resolve("input_example.json")))
        .isEqualTo(
            "{\"columns\": [\"sepal_length\", \"it's\"], \"data\": [[5.1, 3], [4.9, null]]}");
    JsonNode serving =
        json.readTree(dir.resolve(exampleInfo.path("serving_input_path").asText()).toFile());
    assertThat(serving.path("dataframe_split").path("data").get(0).get(0).asDouble())
        .isEqualTo(5.1);
    assertThat(Files.readString(dir.resolve("data/model.txt"))).isEqualTo("weights");
  }

  @Test
  void refusesANonEmptyDirectoryAndAnExampleWithoutTheSignaturesColumns(@TempDir Path tmp)
      throws IOException {
    Files.writeString(tmp.resolve("stale.txt"), "old");
    assertThatThrownBy(() -> ModelDirectory.save(new TextFlavor("w", SIGNATURE, EXAMPLE), tmp))
        .hasMessageContaining("empty directory");
    InputExample narrow = InputExample.of(List.of("sepal_length"), List.of(List.of(5.1)));
    assertThatThrownBy(
            () ->
                ModelDirectory.save(new TextFlavor("w", SIGNATURE, narrow), tmp.resolve("narrow")))
        .hasMessageContaining("[it's]");
  }
}
