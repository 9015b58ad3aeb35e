package io.galley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code galley runs diff} on two runs the SDK logged, as tables and as JSON. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunDiffVerbTest {
  private TwoCapturedRuns runs;

  @BeforeAll
  void logRuns(@TempDir Path dir) throws Exception {
    runs = TwoCapturedRuns.log(dir);
  }

  @AfterAll
  void stop() {
    runs.close();
  }

  @Test
  void diffShowsExactlyWhatDiffers() {
    CliRunner r = runs.server.galley("runs", "diff", runs.a, runs.b);
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).contains("PARAM   CHANGE    A     B", "lr      changed   0.1   0.2");
    assertThat(lines)
        .contains(
            "METRIC     CHANGE    A     B      DELTA", "accuracy   changed   0.9   0.95   +0.05");
    assertThat(r.table("RUN"))
        .containsExactly(
            List.of("A", runs.a, "baseline", "environment.json"),
            List.of("B", runs.b, "candidate", "environment.json"));
    assertThat(r.table("TAG"))
        .containsExactly(List.of("purpose", "changed", "baseline", "candidate"));
    assertThat(r.table("ENVIRONMENT"))
        .containsExactly(
            List.of("java.version", "changed", System.getProperty("java.version"), "99.0.1"));
    assertThat(r.table("GIT"))
        .containsExactly(
            List.of("commit", "changed", runs.commitA, runs.commitB),
            List.of("dirty", "changed", "false", "true"));
    assertThat(r.table("LIBRARY"))
        .containsExactly(
            List.of(
                "com.fasterxml.jackson.core:jackson-annotations",
                "version changed",
                runs.lib("jackson-annotations"),
                "9.9.9 " + runs.sha12("jackson-annotations")),
            List.of(
                "com.fasterxml.jackson.core:jackson-core",
                "content changed",
                runs.lib("jackson-core"),
                runs.version("jackson-core") + " 000000000000"),
            List.of("org.example:extra", "added", "-", "1.0 eeeeeeeeeeee"),
            List.of("org.slf4j:slf4j-simple", "removed", runs.lib("slf4j-simple"), "-"));
    assertThat(r.table("DATASET"))
        .containsExactly(
            List.of(
                "train.csv [training]",
                "changed",
                runs.dataA.hex().substring(0, 8) + " sha256:" + runs.dataA.hex().substring(0, 12),
                runs.dataB.hex().substring(0, 8) + " sha256:" + runs.dataB.hex().substring(0, 12)));
    assertThat(r.out())
        .doesNotContain("seed", "run_name", "ATTRIBUTE")
        .contains("content changed: the same version with other bytes (sha256)");
  }

  @Test
  void diffAllListsIdenticalAndIncidentalItemsToo() {
    CliRunner r = runs.server.galley("runs", "diff", runs.a, runs.b, "--all");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.table("PARAM"))
        .containsExactly(
            List.of("lr", "changed", "0.1", "0.2"), List.of("seed", "same", "42", "42"));
    assertThat(r.table("ATTRIBUTE"))
        .contains(
            List.of("status", "same", "FINISHED", "FINISHED"),
            List.of("run_name", "changed", "baseline", "candidate"));
    assertThat(r.table("LIBRARY"))
        .contains(
            List.of(
                "com.fasterxml.jackson.core:jackson-annotations",
                "version changed",
                runs.lib("jackson-annotations"),
                "9.9.9 " + runs.sha12("jackson-annotations")));
    assertThat(r.table("LIBRARY").stream().filter(row -> row.get(1).equals("same"))).isNotEmpty();
  }

  @Test
  void diffAsJsonForScripts() throws Exception {
    CliRunner r = runs.server.galley("runs", "diff", runs.a, runs.b, "--format", "json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode d = MlflowRest.JSON.readTree(r.out());
    assertThat(d.path("differences").asBoolean()).isTrue();
    assertThat(d.path("run_a").path("run_id").asText()).isEqualTo(runs.a);
    assertThat(d.path("params"))
        .containsExactly(
            MlflowRest.JSON.readTree(
                """
                {"key": "lr", "change": "changed", "a": "0.1", "b": "0.2", "incidental": false}
                """));
    JsonNode metric = d.path("metrics").get(0);
    assertThat(metric.path("key").asText()).isEqualTo("accuracy");
    assertThat(metric.path("delta").asDouble()).isCloseTo(0.05, Offset.offset(1e-12));
    assertThat(d.path("libraries")).hasSize(4);
    JsonNode rebuilt = d.path("libraries").get(1);
    assertThat(rebuilt.path("change").asText()).isEqualTo("content_changed");
    assertThat(rebuilt.path("sha256_b").asText()).isEqualTo(TwoCapturedRuns.ZEROS);
    assertThat(rebuilt.path("version_a").asText()).isEqualTo(rebuilt.path("version_b").asText());
    assertThat(d.path("datasets").get(0).path("content_digest_b").asText())
        .isEqualTo(runs.dataB.toString());
    assertThat(d.path("git").get(0).path("b").asText()).isEqualTo(runs.commitB);
  }

  @Test
  void aRunDiffedWithItselfHasNoDifferences() {
    CliRunner r = runs.server.galley("runs", "diff", runs.a, runs.a);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("No differences. (--all lists identical items");
  }

  @Test
  void anUnknownRunIsTheServersErrorAndAMissingRunIsUsage() {
    CliRunner diff = runs.server.galley("runs", "diff", runs.a, "no-such-run");
    assertThat(diff.exitCode()).isEqualTo(1);
    assertThat(diff.err())
        .isEqualTo("Error: Run with id=no-such-run not found" + System.lineSeparator());
    CliRunner one = CliRunner.run("runs", "diff", runs.a);
    assertThat(one.exitCode()).isEqualTo(2);
    assertThat(one.err())
        .contains("Missing required parameter: 'RUN_B'", "Usage: galley runs diff");
  }
}
