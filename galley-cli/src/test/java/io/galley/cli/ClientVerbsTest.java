package io.galley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.galley.core.tracking.Metric;
import io.galley.core.tracking.NewRun;
import io.galley.core.tracking.Param;
import io.galley.core.tracking.Run;
import io.galley.core.tracking.Tag;
import io.galley.core.tracking.TrackingStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The client verbs against a real server on a free loopback port, filled through the store. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientVerbsTest {
  private InProcessServer server;
  private Run steady;
  private Run peaked;
  private Run poor;

  @BeforeAll
  void startServerWithThreeRuns(@TempDir Path dataDir) {
    server = new InProcessServer(dataDir);
    TrackingStore tracking = server.tracking();
    String exp = tracking.createExperiment("iris", null, List.of()).experimentId();
    steady = run(tracking, exp, "steady", "0.1", 0.80, 0.90, 0.95);
    peaked = run(tracking, exp, "peaked", "1.0", 0.70, 0.99, 0.60);
    poor = run(tracking, exp, "poor", "0.01", 0.10, 0.20, 0.30);
  }

  private static Run run(
      TrackingStore tracking, String exp, String name, String lr, double... accuracy) {
    Run run = tracking.createRun(new NewRun(exp, "ada", name, 1_700_000_000_000L, List.of()));
    List<Metric> points = new ArrayList<>();
    for (int step = 0; step < accuracy.length; step++) {
      points.add(new Metric("accuracy", accuracy[step], 1000 + step, step));
    }
    tracking.logBatch(
        run.info().runId(),
        points,
        List.of(new Param("lr", lr), new Param("seed", "42")),
        List.of(new Tag("team", "vision")));
    return run;
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private CliRunner galley(String... args) {
    return server.galley(args);
  }

  @Test
  void bestRanksByLastValueAndShowsTheParamThatDiffers() {
    CliRunner r = galley("runs", "best", "--experiment", "iris", "--metric", "accuracy");
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).startsWith("RANK").contains("RUN ID", "ACCURACY (last)", "PARAMS");
    assertThat(lines.get(1)).startsWith("1").contains(steady.info().runId(), "0.95", "lr=0.1");
    assertThat(lines.get(2)).contains(peaked.info().runId(), "0.6");
    assertThat(lines.get(3)).contains(poor.info().runId(), "0.3");
    assertThat(r.out()).as("seed is the same everywhere").doesNotContain("seed=");
  }

  @Test
  void tiesAreMarkedSaidAndWorstIsTheLastRowOfBest() {
    TrackingStore tracking = server.tracking();
    String exp = tracking.createExperiment("tied", null, List.of()).experimentId();
    long start = 1_700_000_000_000L;
    String[][] runs = {
      {"svm-c1", "model=svm", "C=1.0", "0.9"},
      {"knn-k5", "model=knn", "k=5", "0.9"},
      {"knn-k3", "model=knn", "k=3", "0.8"},
      {"tree-d2", "model=tree", "max_depth=2", "0.8"},
    };
    for (String[] r : runs) {
      Run run = tracking.createRun(new NewRun(exp, "ada", r[0], start++, List.of()));
      List<Param> params = new ArrayList<>();
      for (String p : List.of(r[1], r[2])) {
        params.add(new Param(p.substring(0, p.indexOf('=')), p.substring(p.indexOf('=') + 1)));
      }
      tracking.logBatch(
          run.info().runId(),
          List.of(new Metric("accuracy", Double.parseDouble(r[3]), 1000, 0)),
          params,
          List.of());
    }
    CliRunner best = galley("runs", "best", "-e", "tied", "-m", "accuracy");
    assertThat(best.exitCode()).as(best.err()).isZero();
    List<String> lines = best.out().lines().toList();
    assertThat(lines.get(1)).startsWith("=1 ").contains("knn-k5", "k=5").doesNotContain("C=");
    assertThat(lines.get(2)).startsWith("=1 ").contains("svm-c1", "C=1.0");
    assertThat(lines.get(3)).startsWith("=3 ").contains("tree-d2", "max_depth=2");
    assertThat(lines.get(4)).startsWith("=3 ").contains("knn-k3", "k=3");
    assertThat(lines.get(5))
        .isEqualTo(
            "Tied on accuracy (last) = 0.9: knn-k5, svm-c1. Tied runs are listed by start time,"
                + " the later first.");
    assertThat(lines.get(6)).startsWith("Tied on accuracy (last) = 0.8: tree-d2, knn-k3.");

    CliRunner worst = galley("runs", "worst", "-e", "tied", "-m", "accuracy", "-n", "1");
    assertThat(worst.exitCode()).as(worst.err()).isZero();
    List<String> worstLines = worst.out().lines().toList();
    assertThat(worstLines.get(1)).as("the last row of best").startsWith("=1 ").contains("knn-k3");
    assertThat(worstLines.get(2))
        .startsWith("Tied on accuracy (last) = 0.8: knn-k3, and at least one run not listed");
    CliRunner top = galley("runs", "best", "-e", "tied", "-m", "accuracy", "-n", "1");
    assertThat(top.out().lines().toList().get(1)).contains("knn-k5");
  }

  @Test
  void runsShowPutsTheLibrariesThatDifferFirstAndTheSameOnesAfter() {
    TrackingStore tracking = server.tracking();
    String exp = tracking.createExperiment("library-versions", null, List.of()).experimentId();
    String lib = LibraryComparison.LIBRARY_TAG;
    String shown = null;
    for (String name : List.of("old-a", "old-b", "new", "uncaptured")) {
      Run run = tracking.createRun(new NewRun(exp, "ada", name, 1, List.of()));
      List<Tag> tags = new ArrayList<>();
      if (!name.equals("uncaptured")) {
        tags.add(new Tag(lib + "org.tribuo/tribuo-core", name.equals("new") ? "4.3.2" : "4.3.1"));
        tags.add(new Tag(lib + "com.opencsv/opencsv", "5.9"));
        tags.add(new Tag(lib + "org.slf4j/slf4j-api", "2.0.9"));
      }
      if (name.equals("new")) {
        tags.add(new Tag(lib + "org.onnx/onnxruntime", "1.19.0"));
        shown = run.info().runId();
      }
      tags.add(new Tag("team", "vision"));
      tracking.logBatch(run.info().runId(), List.of(), List.of(), tags);
    }
    CliRunner r = galley("runs", "show", shown);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.table("TAG"))
        .containsExactly(List.of("mlflow.runName", "new"), List.of("team", "vision"));
    assertThat(r.table("LIBRARY"))
        .containsExactly(
            List.of("org.onnx/onnxruntime", "1.19.0", "absent (2 runs)"),
            List.of("org.tribuo/tribuo-core", "4.3.2", "4.3.1 (2 runs)"),
            List.of("com.opencsv/opencsv", "5.9", "same"),
            List.of("org.slf4j/slf4j-api", "2.0.9", "same"));
    assertThat(r.out()).contains("LIBRARY                  VERSION   IN THE 2 OTHER RUNS\n");
  }

  @Test
  void bestByMaxFindsThePeakOfARunThatEndedLow() {
    CliRunner r = galley("runs", "best", "-e", "iris", "-m", "accuracy", "--agg", "max", "-n", "1");
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).contains(peaked.info().runId(), "0.99", "1   ");
  }

  @Test
  void worstWithMinDirectionIsTheHighest() {
    CliRunner worst = galley("runs", "worst", "-e", "iris", "-m", "accuracy", "--min", "-n", "1");
    assertThat(worst.exitCode()).as(worst.err()).isZero();
    assertThat(worst.out()).contains(steady.info().runId());
    CliRunner worstMax = galley("runs", "worst", "-e", "iris", "-m", "accuracy", "-n", "1");
    assertThat(worstMax.out()).contains(poor.info().runId()).doesNotContain(steady.info().runId());
  }

  @Test
  void rankingJsonIsTheServersLeaderboard() throws Exception {
    CliRunner r = galley("runs", "best", "-e", "iris", "-m", "accuracy", "--format", "json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode entries = new ObjectMapper().readTree(r.out());
    assertThat(entries).hasSize(3);
    assertThat(entries.get(0).path("run").path("info").path("run_id").asText())
        .isEqualTo(steady.info().runId());
  }

  @Test
  void rankingAMetricNobodyLoggedFailsAndListsTheExperimentsMetrics() {
    CliRunner r = galley("runs", "best", "-e", "iris", "-m", "f1");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo("Error: Experiment 'iris' has no metric 'f1'. Its metrics: accuracy\n");
    assertThat(r.out()).isEmpty();

    CliRunner misspelt = galley("runs", "best", "-e", "iris", "-m", "acuracy", "--format", "json");
    assertThat(misspelt.exitCode()).isEqualTo(1);
    assertThat(misspelt.err()).contains("has no metric 'acuracy'; did you mean 'accuracy'?");
  }

  @Test
  void aFilterThatMatchesNoRunSaysSoAndSucceeds() {
    CliRunner r =
        galley("runs", "best", "-e", "iris", "-m", "accuracy", "--filter", "params.lr = '9'");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("No run of experiment 'iris' has logged metric 'accuracy'.");
  }

  @Test
  void anExperimentIsFoundByIdToo_AWrongNameSuggestsTheClosest() {
    String id = server.tracking().findExperimentByName("iris").orElseThrow().experimentId();
    CliRunner byId = galley("runs", "best", "-e", id, "-m", "accuracy");
    assertThat(byId.exitCode()).as(byId.err()).isZero();
    assertThat(byId.out()).contains(steady.info().runId());

    CliRunner wrong = galley("runs", "best", "-e", "irs", "-m", "accuracy");
    assertThat(wrong.exitCode()).isEqualTo(1);
    assertThat(wrong.err())
        .isEqualTo(
            "Error: No experiment named 'irs'; did you mean 'iris'? (galley experiments ls lists"
                + " them)\n");
  }

  @Test
  void unknownExperimentIsAnErrorFromTheServer() {
    CliRunner r = galley("runs", "ls", "-e", "nope");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("Error:").contains("nope");
  }

  @Test
  void badAggIsRefusedWithTheServersMessage() {
    CliRunner r = galley("runs", "best", "-e", "iris", "-m", "accuracy", "--agg", "median");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("median");
  }

  @Test
  void lsListsRunsWithTheirMetricsAndFilters() {
    CliRunner all = galley("runs", "ls", "-e", "iris");
    assertThat(all.exitCode()).as(all.err()).isZero();
    assertThat(all.out()).contains("steady", "peaked", "poor", "accuracy=0.95");
    CliRunner filtered = galley("runs", "ls", "-e", "iris", "--filter", "params.lr = '1.0'");
    assertThat(filtered.out()).contains("peaked").doesNotContain("steady");
    CliRunner bad = galley("runs", "ls", "-e", "iris", "--filter", "metrics.accuracy > abc");
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err()).contains("abc");
  }

  @Test
  void showPrintsParamsMetricsAndTags() {
    CliRunner r = galley("runs", "show", peaked.info().runId());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(peaked.info().runId(), "peaked", "ada")
        .contains("lr", "1.0", "accuracy", "0.6", "(step 2)", "team", "vision");
  }

  @Test
  void experimentsLsShowsDefaultAndIris() {
    CliRunner r = galley("experiments", "ls");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("Default", "iris", "active");
  }
}
