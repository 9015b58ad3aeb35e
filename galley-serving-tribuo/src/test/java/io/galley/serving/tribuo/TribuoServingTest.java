package io.galley.serving.tribuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.galley.sdk.ModelDirectory;
import io.galley.sdk.tribuo.TribuoFlavor;
import io.galley.serving.http.ScoringServer;
import io.galley.serving.http.ServingConfig;
import io.galley.serving.model.ModelLoadException;
import io.galley.serving.predict.ServedModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.example.GaussianLabelDataSource;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;

/**
 * A Tribuo model saved by the SDK's flavour, found through ServiceLoader and served over HTTP,
 * answers exactly what the model answers in process: the label and every class's score, for every
 * row, in each of MLflow's input formats and through the Open Inference Protocol.
 */
class TribuoServingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void servedPredictionsAreTheModelsOwnInEveryFormat(@TempDir Path dir) throws Exception {
    MutableDataset<Label> train = gaussians(200, 1L);
    MutableDataset<Label> test = gaussians(40, 2L);
    Model<Label> model = new LogisticRegressionTrainer().train(train);
    ModelDirectory.save(TribuoFlavor.of(model).withOutputName("label"), dir.resolve("m"));

    List<String> columns = new ArrayList<>();
    for (int id = 0; id < model.getFeatureIDMap().size(); id++) {
      columns.add(model.getFeatureIDMap().get(id).getName());
    }
    List<List<Double>> rows = new ArrayList<>();
    for (Example<Label> e : test) {
      Map<String, Double> v = new HashMap<>();
      for (Feature f : e) {
        v.put(f.getName(), f.getValue());
      }
      rows.add(columns.stream().map(c -> v.getOrDefault(c, 0.0)).toList());
    }

    try (ServedModel served =
            ServedModel.load(dir.resolve("m"), ServedModel.factories(), "gauss", "1");
        ScoringServer server =
            new ScoringServer(
                served, ServingConfig.defaults().withPort(0).withAccessLog(false), "t")) {
      assertThat(served.flavor()).isEqualTo("tribuo");
      server.start();
      String uri = server.baseUri();

      List<Map<String, Object>> records = new ArrayList<>();
      Map<String, List<Double>> columnar = new HashMap<>();
      StringBuilder csv = new StringBuilder(String.join(",", columns)).append('\n');
      for (List<Double> row : rows) {
        Map<String, Object> record = new HashMap<>();
        for (int c = 0; c < columns.size(); c++) {
          record.put(columns.get(c), row.get(c));
          columnar.computeIfAbsent(columns.get(c), k -> new ArrayList<>()).add(row.get(c));
        }
        records.add(record);
        csv.append(String.join(",", row.stream().map(String::valueOf).toList())).append('\n');
      }
      Map<String, String> bodies = new HashMap<>();
      bodies.put(
          "dataframe_split",
          JSON.writeValueAsString(
              Map.of("dataframe_split", Map.of("columns", columns, "data", rows))));
      bodies.put(
          "dataframe_records", JSON.writeValueAsString(Map.of("dataframe_records", records)));
      bodies.put("instances", JSON.writeValueAsString(Map.of("instances", records)));
      bodies.put("inputs", JSON.writeValueAsString(Map.of("inputs", columnar)));
      for (Map.Entry<String, String> b : bodies.entrySet()) {
        JsonNode predictions =
            post(uri + "/invocations", "application/json", b.getValue()).path("predictions");
        assertThat(predictions.size()).as(b.getKey()).isEqualTo(rows.size());
        for (int r = 0; r < rows.size(); r++) {
          Prediction<Label> want = model.predict(test.getExample(r));
          JsonNode got = predictions.get(r);
          assertThat(got.path("label").asText())
              .as(b.getKey() + " row " + r)
              .isEqualTo(want.getOutput().getLabel());
          for (Map.Entry<String, Label> s : want.getOutputScores().entrySet()) {
            assertThat(got.path("scores").path(s.getKey()).asDouble())
                .as(b.getKey() + " row " + r + " " + s.getKey())
                .isEqualTo(s.getValue().getScore());
          }
        }
      }
      JsonNode fromCsv = post(uri + "/invocations", "text/csv", csv.toString()).path("predictions");
      for (int r = 0; r < rows.size(); r++) {
        assertThat(fromCsv.get(r).path("label").asText())
            .isEqualTo(model.predict(test.getExample(r)).getOutput().getLabel());
      }

      List<Map<String, Object>> inputs = new ArrayList<>();
      for (String c : columns) {
        inputs.add(
            Map.of(
                "name",
                c,
                "shape",
                List.of(rows.size()),
                "datatype",
                "FP64",
                "data",
                columnar.get(c)));
      }
      JsonNode v2 =
          post(
              uri + "/v2/models/gauss/infer",
              "application/json",
              JSON.writeValueAsString(Map.of("inputs", inputs)));
      JsonNode labels = v2.path("outputs").get(0);
      JsonNode scores = v2.path("outputs").get(1);
      assertThat(labels.path("name").asText()).isEqualTo("label");
      assertThat(scores.path("shape").toString()).isEqualTo("[" + rows.size() + ",2]");
      List<String> classes =
          List.of(
              JSON.readValue(scores.path("parameters").path("labels").asText(), String[].class));
      for (int r = 0; r < rows.size(); r++) {
        Prediction<Label> want = model.predict(test.getExample(r));
        assertThat(labels.path("data").get(r).asText()).isEqualTo(want.getOutput().getLabel());
        for (int k = 0; k < classes.size(); k++) {
          assertThat(scores.path("data").get(r * classes.size() + k).asDouble())
              .isEqualTo(want.getOutputScores().get(classes.get(k)).getScore());
        }
      }
    }
  }

  @Test
  void aCorruptModelFileIsRefusedAtLoadWithTheReason(@TempDir Path dir) throws Exception {
    MutableDataset<Label> train = gaussians(50, 1L);
    Path m = dir.resolve("m");
    ModelDirectory.save(TribuoFlavor.of(new LogisticRegressionTrainer().train(train)), m);
    Files.write(m.resolve("model.tribuo"), new byte[] {1, 2, 3, 4, 5});
    assertThatThrownBy(() -> ServedModel.load(m, ServedModel.factories(), "m", null))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("model.tribuo cannot be read");
    Files.delete(m.resolve("model.tribuo"));
    assertThatThrownBy(() -> ServedModel.load(m, ServedModel.factories(), "m", null))
        .hasMessageContaining("model.tribuo is missing");
  }

  private static JsonNode post(String url, String type, String body) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** Two seeded 2-d Gaussian classes (Tribuo's synthetic source); covariances are 2x2 row-major. */
  private static MutableDataset<Label> gaussians(int n, long seed) {
    double[] identity = {1, 0, 0, 1};
    return new MutableDataset<>(
        new GaussianLabelDataSource(
            n, seed, new double[] {0, 0}, identity, new double[] {3, 3}, identity));
  }
}
