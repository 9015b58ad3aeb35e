package io.galley.examples.iris;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.sdk.LiveServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The example against a real server: what it logs, what it registers, and that a seed repeats. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IrisExampleTest {
  private LiveServer server;
  private IrisExample.Result first;
  private IrisExample.Result again;

  @BeforeAll
  void runTwice(@TempDir Path data) {
    server = new LiveServer(data);
    IrisExample.Settings settings = IrisExample.Settings.defaults();
    first = IrisExample.run(server.galley(), settings, r -> {});
    again = IrisExample.run(server.galley(), settings.withExperiment("iris-again"), r -> {});
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void everyFamilyAndSettingIsARunWithItsParamsMetricsDataAndModel() {
    assertThat(first.runs()).extracting(RunResult::runName).isEqualTo(IrisExample.runNames());
    Map<String, Set<String>> settingsByFamily = new LinkedHashMap<>();
    for (RunResult r : first.runs()) {
      settingsByFamily.computeIfAbsent(r.family(), f -> new TreeSet<>()).add(r.runName());
      JsonNode run = server.run(r.runId());
      assertThat(run.path("info").path("status").asText()).isEqualTo("FINISHED");
      assertThat(run.path("info").path("run_name").asText()).isEqualTo(r.runName());
      Map<String, String> params = server.params(r.runId());
      assertThat(params)
          .containsEntry("family", r.family())
          .containsEntry("seed.split", "42")
          .containsEntry("test_fraction", "0.2");
      r.hyperparameters().forEach((k, v) -> assertThat(params).containsEntry(k, v.toString()));
      Set<String> metrics = new TreeSet<>();
      run.path("data").path("metrics").forEach(m -> metrics.add(m.path("key").asText()));
      assertThat(metrics).contains("accuracy", "f1_macro", "train_accuracy");
      assertThat(lastValue(run, "accuracy")).isEqualTo(r.accuracy());
      List<String> datasets = new ArrayList<>();
      run.path("inputs")
          .path("dataset_inputs")
          .forEach(i -> datasets.add(i.path("dataset").path("name").asText()));
      assertThat(datasets).containsExactlyInAnyOrder("train.csv", "test.csv");
      assertThat(server.artifactPaths(r.runId(), ""))
          .contains(
              "data/train.csv",
              "data/test.csv",
              "model/MLmodel",
              "model/model.tribuo",
              "model/input_example.json");
    }
    assertThat(settingsByFamily.keySet())
        .containsExactly(Candidate.LOGISTIC_REGRESSION, Candidate.CART, Candidate.KNN);
    settingsByFamily.values().forEach(names -> assertThat(names).hasSizeGreaterThanOrEqualTo(3));
  }

  @Test
  void logisticRegressionLogsItsLossAndAccuracyEveryEpoch() {
    RunResult r = first.runs().get(1);
    assertThat(r.runName()).isEqualTo("logreg-lr0.01-e25");
    assertThat(server.history(r.runId(), "loss")).hasSize(25);
    List<JsonNode> accuracy = server.history(r.runId(), "accuracy");
    assertThat(accuracy).extracting(m -> m.path("step").asLong()).contains(1L, 25L);
  }

  @Test
  void theChampionAliasPointsAtTheBestRunsModel() {
    RunResult best = first.best();
    assertThat(first.runs())
        .allSatisfy(r -> assertThat(r.accuracy()).isLessThanOrEqualTo(best.accuracy()));
    assertThat(first.version().runId()).isEqualTo(best.runId());
    assertThat(first.version().source()).isEqualTo("runs:/" + best.runId() + "/model");

    // The second invocation registered version 2 and moved the alias to it.
    JsonNode champion =
        server
            .get("/api/2.0/mlflow/registered-models/alias", "name", "iris", "alias", "champion")
            .path("model_version");
    assertThat(champion.path("version").asText())
        .isEqualTo(Long.toString(again.version().version()));
    assertThat(champion.path("run_id").asText()).isEqualTo(again.best().runId());
  }

  @Test
  void theSameSeedGivesTheSameMetricsRunByRun() {
    assertThat(again.runs()).hasSameSizeAs(first.runs());
    for (int i = 0; i < first.runs().size(); i++) {
      RunResult a = first.runs().get(i);
      RunResult b = again.runs().get(i);
      assertThat(b.runName()).isEqualTo(a.runName());
      assertThat(b.runId()).isNotEqualTo(a.runId());
      assertThat(b.accuracy()).as(a.runName()).isEqualTo(a.accuracy());
      assertThat(b.macroF1()).as(a.runName()).isEqualTo(a.macroF1());
      assertThat(values(b.runId(), "loss")).as(a.runName()).isEqualTo(values(a.runId(), "loss"));
    }
    assertThat(again.best().runName()).isEqualTo(first.best().runName());
  }

  private List<Double> values(String runId, String key) {
    return server.history(runId, key).stream().map(m -> m.path("value").asDouble()).toList();
  }

  private static double lastValue(JsonNode run, String key) {
    for (JsonNode m : run.path("data").path("metrics")) {
      if (m.path("key").asText().equals(key)) {
        return m.path("value").asDouble();
      }
    }
    throw new AssertionError("no metric " + key);
  }
}
