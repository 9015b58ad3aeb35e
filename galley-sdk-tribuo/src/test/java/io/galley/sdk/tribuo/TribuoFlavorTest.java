package io.galley.sdk.tribuo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.galley.sdk.ActiveRun;
import io.galley.sdk.LiveServer;
import io.galley.sdk.ModelDirectory;
import io.galley.sdk.model.ModelInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.Tribuo;
import org.tribuo.classification.Label;
import org.tribuo.classification.example.GaussianLabelDataSource;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;

/** A Tribuo model written as an MLflow model reads back as MLflow expects and predicts the same. */
class TribuoFlavorTest {
  private static final MutableDataset<Label> TRAIN = gaussians(200, 1L);
  private static final MutableDataset<Label> TEST = gaussians(40, 2L);
  private static final Model<Label> MODEL = new LogisticRegressionTrainer().train(TRAIN);

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void aSavedModelIsAnMlflowModelDirectoryThatTribuoLoadsBack(@TempDir Path dir)
      throws IOException {
    List<Example<Label>> rows = TEST.getData().subList(0, 3);
    ModelInfo info =
        ModelDirectory.save(
            TribuoFlavor.of(MODEL).withOutputName("label").withInputExample(rows), dir);

    JsonNode mlmodel = new YAMLMapper().readTree(dir.resolve("MLmodel").toFile());
    List<String> flavors = new ArrayList<>();
    mlmodel.path("flavors").fieldNames().forEachRemaining(flavors::add);
    // Only what Galley can serve: no python_function entry promising a Python loader.
    assertThat(flavors).containsExactly("tribuo");
    JsonNode tribuo = mlmodel.path("flavors").path("tribuo");
    assertThat(tribuo.path("model_file").asText()).isEqualTo("model.tribuo");
    assertThat(tribuo.path("model_class").asText()).isEqualTo(MODEL.getClass().getName());
    assertThat(tribuo.path("serialization_format").asText()).isEqualTo("protobuf");
    assertThat(tribuo.path("tribuo_version").asText()).isEqualTo(Tribuo.VERSION);
    assertThat(tribuo.path("java_version").asText()).isEqualTo(System.getProperty("java.version"));
    assertThat(info.flavors()).containsOnlyKeys("tribuo");

    JsonNode inputs = json.readTree(mlmodel.path("signature").path("inputs").asText());
    List<String> names = new ArrayList<>();
    inputs.forEach(
        c -> {
          assertThat(c.path("type").asText()).isEqualTo("double");
          assertThat(c.path("required").asBoolean()).isTrue();
          names.add(c.path("name").asText());
        });
    List<String> features = new ArrayList<>();
    MODEL.getFeatureIDMap().forEach(f -> features.add(f.getName()));
    assertThat(names).containsExactlyInAnyOrderElementsOf(features).isSorted();
    assertThat(mlmodel.path("signature").path("outputs").asText())
        .isEqualTo("[{\"type\": \"string\", \"name\": \"label\", \"required\": true}]");

    JsonNode example = json.readTree(dir.resolve("input_example.json").toFile());
    assertThat(json.convertValue(example.path("columns"), List.class)).isEqualTo(names);
    assertThat(example.path("data")).hasSize(3);
    double first = rows.get(0).lookup(names.get(0)).getValue();
    assertThat(example.path("data").get(0).get(0).asDouble()).isEqualTo(first);

    assertSamePredictions(TribuoFlavor.load(dir));
  }

  @Test
  void aLoggedModelLoadsBackFromTheServersBytes(@TempDir Path data) throws IOException {
    try (LiveServer server = new LiveServer(data)) {
      String runId;
      try (ActiveRun run = server.galley().experiment("tribuo").startRun("logreg")) {
        runId = run.id();
        run.logModel(
            TribuoFlavor.of(MODEL).withInputExample(TEST.getData().subList(0, 2)), "model");
      }
      assertThat(server.artifactPaths(runId, "model"))
          .contains("model/MLmodel", "model/model.tribuo", "model/input_example.json");
      byte[] bytes = server.artifact(runId, "model/model.tribuo");
      assertSamePredictions(Model.deserializeFromStream(new ByteArrayInputStream(bytes)));
    }
  }

  private static void assertSamePredictions(Model<?> loaded) {
    Model<Label> again = loaded.castModel(Label.class);
    for (Example<Label> e : TEST) {
      Prediction<Label> want = MODEL.predict(e);
      Prediction<Label> got = again.predict(e);
      assertThat(got.getOutput().getLabel()).isEqualTo(want.getOutput().getLabel());
      assertThat(got.getOutput().getScore()).isEqualTo(want.getOutput().getScore());
    }
  }

  /** Two seeded 2-d Gaussian classes (Tribuo's synthetic source); covariances are 2x2 row-major. */
  private static MutableDataset<Label> gaussians(int n, long seed) {
    double[] identity = {1, 0, 0, 1};
    return new MutableDataset<>(
        new GaussianLabelDataSource(
            n, seed, new double[] {0, 0}, identity, new double[] {3, 3}, identity));
  }
}
