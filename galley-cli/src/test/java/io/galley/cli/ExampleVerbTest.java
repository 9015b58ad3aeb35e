package io.galley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.examples.iris.IrisExample;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code galley example iris} against a real server, then the quickstart's questions: which run was
 * best, which worst, and where the champion came from.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExampleVerbTest {
  private InProcessServer server;
  private CliRunner example;
  private JsonNode json;

  @BeforeAll
  void runTheExample(@TempDir Path dataDir) throws IOException {
    server = new InProcessServer(dataDir);
    example = server.galley("example", "iris");
    CliRunner asJson =
        server.galley(
            "example",
            "iris",
            "-e",
            "iris-json",
            "--model",
            "iris-json",
            "--seed",
            "7",
            "--format",
            "json");
    assertThat(asJson.exitCode()).as(asJson.err()).isZero();
    json = MlflowRest.JSON.readTree(asJson.out());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void printsEachRunAsItFinishesThenTheChampion() {
    assertThat(example.exitCode()).as(example.err()).isZero();
    List<String> lines = example.out().lines().toList();
    assertThat(lines.get(0)).startsWith("Training 13 runs on the Iris data (seed 42)");
    assertThat(lines.get(2)).startsWith("RUN").contains("FAMILY", "ACCURACY", "MACRO F1", "RUN ID");
    List<String> names = IrisExample.runNames();
    for (int i = 0; i < names.size(); i++) {
      assertThat(lines.get(3 + i))
          .startsWith(names.get(i) + " ")
          .containsPattern("\\s[01]\\.\\d{4}\\s+[01]\\.\\d{4}\\s+[0-9a-f]{32}$");
    }
    assertThat(example.out())
        .contains("Best run: ")
        .containsPattern(
            "Registered iris version 1 from runs:/[0-9a-f]{32}/model; alias champion -> version 1")
        .contains("./galley models show iris@champion");
  }

  @Test
  void runsBestAndWorstAnswerWithTheExamplesRuns() {
    String bestRun = bestRunName(example.out());
    CliRunner best = server.galley("runs", "best", "-e", "iris", "-m", "accuracy", "-n", "1");
    assertThat(best.exitCode()).as(best.err()).isZero();
    assertThat(best.out()).contains(bestRun);
    CliRunner worst = server.galley("runs", "worst", "-e", "iris", "-m", "accuracy", "-n", "1");
    assertThat(worst.exitCode()).as(worst.err()).isZero();
    assertThat(worst.out().lines().skip(1).findFirst().orElseThrow())
        .doesNotContain(bestRun)
        .contains("0.666667");
  }

  @Test
  void theChampionsLineageNamesItsRunDataAndLibraries() {
    CliRunner show = server.galley("models", "show", "iris@champion");
    assertThat(show.exitCode()).as(show.err()).isZero();
    assertThat(show.out())
        .contains("champion", bestRunName(example.out()))
        .contains("train.csv", "test.csv", "training", "testing")
        .contains("family", "seed.split")
        .contains("org.tribuo/tribuo-core", "4.3.2")
        .containsPattern("source\\s+runs:/[0-9a-f]{32}/model");
  }

  @Test
  void jsonGivesEveryRunTheBestAndTheRegisteredVersion() {
    assertThat(json.path("experiment").asText()).isEqualTo("iris-json");
    assertThat(json.path("seed").asLong()).isEqualTo(7);
    assertThat(json.path("runs")).hasSize(IrisExample.runNames().size());
    JsonNode version = json.path("registered_version");
    assertThat(version.path("name").asText()).isEqualTo("iris-json");
    assertThat(version.path("version").asLong()).isEqualTo(1);
    assertThat(version.path("source").asText())
        .isEqualTo("runs:/" + json.path("best").path("run_id").asText() + "/model");
    double best = json.path("best").path("accuracy").asDouble();
    json.path("runs")
        .forEach(r -> assertThat(r.path("accuracy").asDouble()).isLessThanOrEqualTo(best));
  }

  @Test
  void anUnreachableServerIsReportedAtOnce() throws IOException {
    int freePort;
    try (ServerSocket s = new ServerSocket(0)) {
      freePort = s.getLocalPort();
    }
    CliRunner r =
        CliRunner.run("example", "iris", "--tracking-uri", "http://127.0.0.1:" + freePort);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("Cannot reach the Galley server", "./galley server");
  }

  private static String bestRunName(String out) {
    return out.lines()
        .filter(l -> l.startsWith("Best run: "))
        .findFirst()
        .orElseThrow()
        .substring("Best run: ".length())
        .split(" ")[0];
  }
}
