package io.galley.serving.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.galley.sdk.ModelDirectory;
import io.galley.sdk.tribuo.TribuoFlavor;
import io.galley.serving.http.ScoringServer;
import io.galley.serving.http.ServingConfig;
import io.galley.serving.predict.ServedModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * Tribuo's ONNX export of a logistic regression, saved by the SDK and served through ONNX Runtime,
 * agrees with the Tribuo model: the same label for every row and every class's score within float
 * precision (the export computes in float32), through MLflow's protocol and the V2 protocol.
 */
class OnnxServingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void theOnnxExportServedAgreesWithTheTribuoModel(@TempDir Path dir) throws Exception {
    MutableDataset<Label> train = gaussians(300, 1L);
    MutableDataset<Label> test = gaussians(60, 2L);
    Model<Label> model = new LogisticRegressionTrainer().train(train);
    ModelDirectory.save(TribuoFlavor.of(model).withOutputName("label").onnx(), dir.resolve("m"));

    List<String> columns = new ArrayList<>();
    for (int id = 0; id < model.getFeatureIDMap().size(); id++) {
      columns.add(model.getFeatureIDMap().get(id).getName());
    }
    List<Map<String, Object>> records = new ArrayList<>();
    Map<String, List<Double>> byColumn = new HashMap<>();
    for (Example<Label> e : test) {
      Map<String, Object> record = new HashMap<>();
      for (Feature f : e) {
        record.put(f.getName(), f.getValue());
      }
      for (String c : columns) {
        record.putIfAbsent(c, 0.0);
        byColumn.computeIfAbsent(c, k -> new ArrayList<>()).add((Double) record.get(c));
      }
      records.add(record);
    }

    try (ServedModel served =
            ServedModel.load(dir.resolve("m"), ServedModel.factories(), "g", "1");
        ScoringServer server =
            new ScoringServer(
                served, ServingConfig.defaults().withPort(0).withAccessLog(false), "t")) {
      assertThat(served.flavor()).isEqualTo("onnx");
      server.start();
      JsonNode predictions =
          post(
                  server.baseUri() + "/invocations",
                  JSON.writeValueAsString(Map.of("dataframe_records", records)))
              .path("predictions");
      List<Map<String, Object>> inputs = new ArrayList<>();
      for (String c : columns) {
        inputs.add(
            Map.of(
                "name",
                c,
                "shape",
                List.of(test.size()),
                "datatype",
                "FP64",
                "data",
                byColumn.get(c)));
      }
      JsonNode v2 =
          post(
              server.baseUri() + "/v2/models/g/infer",
              JSON.writeValueAsString(Map.of("inputs", inputs)));
      JsonNode v2Labels = v2.path("outputs").get(0).path("data");
      JsonNode v2Scores = v2.path("outputs").get(1);
      List<String> classes =
          List.of(
              JSON.readValue(v2Scores.path("parameters").path("labels").asText(), String[].class));
      int k = classes.size();
      for (int r = 0; r < test.size(); r++) {
        Prediction<Label> want = model.predict(test.getExample(r));
        JsonNode got = predictions.get(r);
        assertThat(got.path("label").asText())
            .as("row " + r)
            .isEqualTo(want.getOutput().getLabel());
        assertThat(v2Labels.get(r).asText()).as("row " + r).isEqualTo(want.getOutput().getLabel());
        for (int j = 0; j < k; j++) {
          double score = want.getOutputScores().get(classes.get(j)).getScore();
          assertThat(got.path("scores").path(classes.get(j)).asDouble())
              .isCloseTo(score, within(1e-5));
          assertThat(v2Scores.path("data").get(r * k + j).asDouble())
              .isCloseTo(score, within(1e-5));
        }
      }
      assertThat(v2Scores.path("datatype").asText()).isEqualTo("FP32");
    }
  }

  private static JsonNode post(String url, String body) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
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
