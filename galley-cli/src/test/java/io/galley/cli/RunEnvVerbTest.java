package io.galley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code galley runs env} for a run with environment.json, one with tags only and a bare one. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunEnvVerbTest {
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
  void envPrintsEachSectionOfEnvironmentJson() {
    CliRunner r = runs.server.galley("runs", "env", runs.a);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().lines().findFirst())
        .hasValue(
            "Run " + runs.a + " (baseline): environment from environment.json (format-version 1).");
    assertThat(r.table("JVM"))
        .contains(List.of("java.version", System.getProperty("java.version")));
    assertThat(r.table("SYSTEM")).contains(List.of("os.arch", System.getProperty("os.arch")));
    assertThat(r.table("PROCESS"))
        .contains(List.of("process.working-dir", System.getProperty("user.dir")));
    assertThat(r.table("GIT"))
        .containsExactly(
            List.of("commit", runs.commitA),
            List.of("branch", "main"),
            List.of("remote", "-"),
            List.of("dirty", "false"));
    assertThat(r.out())
        .containsPattern(
            "LIBRARIES: \\d+ on the class path, \\d+ with a sha256; --libraries lists them.");
    assertThat(r.table("VARIABLE")).contains(List.of("PATH", System.getenv("PATH")));
    assertThat(r.table("DATASET")).hasSize(1);
    assertThat(r.table("DATASET").get(0))
        .startsWith(
            "train.csv", "training", runs.dataA.hex().substring(0, 8), runs.dataA.toString());

    CliRunner libs = runs.server.galley("runs", "env", runs.a, "--libraries");
    assertThat(libs.table("LIBRARY"))
        .contains(
            List.of(
                "com.fasterxml.jackson.core:jackson-annotations",
                runs.version("jackson-annotations"),
                runs.sha12("jackson-annotations")));
  }

  @Test
  void aRunWithTagsOnlyOrNothingSaysSo_AndDiffsAsSuch() {
    MlflowRest rest = new MlflowRest(runs.server.uri());
    String exp =
        rest.get("experiments/get-by-name", Map.of("experiment_name", "compare"))
            .path("experiment")
            .path("experiment_id")
            .asText();
    String tagged =
        rest.post("runs/create", Map.of("experiment_id", exp, "run_name", "tagged"))
            .path("run")
            .path("info")
            .path("run_id")
            .asText();
    rest.post(
        "runs/log-batch",
        Map.of(
            "run_id",
            tagged,
            "tags",
            List.of(
                Map.of("key", "galley.env.java.version", "value", "17.0.9"),
                Map.of("key", "galley.env.lib.org.tribuo/tribuo-core", "value", "4.3.1"),
                Map.of("key", "mlflow.source.git.commit", "value", runs.commitA))));
    CliRunner t = runs.server.galley("runs", "env", tagged, "--libraries");
    assertThat(t.exitCode()).as(t.err()).isZero();
    assertThat(t.out().lines().findFirst())
        .hasValue(
            "Run "
                + tagged
                + " (tagged): environment from tags only (no environment.json): no library"
                + " hashes, command line or variables.");
    assertThat(t.table("JVM")).containsExactly(List.of("java.version", "17.0.9"));
    assertThat(t.table("LIBRARY")).containsExactly(List.of("org.tribuo:tribuo-core", "4.3.1", "-"));
    assertThat(t.table("GIT")).contains(List.of("commit", runs.commitA), List.of("dirty", "-"));

    String bare =
        rest.post("runs/create", Map.of("experiment_id", exp, "run_name", "bare"))
            .path("run")
            .path("info")
            .path("run_id")
            .asText();
    CliRunner n = runs.server.galley("runs", "env", bare);
    assertThat(n.exitCode()).as(n.err()).isZero();
    assertThat(n.out().strip())
        .isEqualTo(
            "Run "
                + bare
                + " (bare): no environment captured. It has no environment.json artifact and no"
                + " galley.env.* or mlflow.source.git.* tags; runs logged with galley-sdk record"
                + " one.");
    CliRunner json = runs.server.galley("runs", "env", bare, "--format", "json");
    assertThat(json.out()).contains("\"source\" : \"none\"");

    CliRunner diff = runs.server.galley("runs", "diff", bare, runs.a);
    assertThat(diff.exitCode()).as(diff.err()).isZero();
    assertThat(diff.out())
        .contains(
            "Run A recorded no environment: environment, git and library items show as only in B.");
    assertThat(diff.table("GIT")).contains(List.of("commit", "only in B", "-", runs.commitA));
  }

  @Test
  void anUnknownRunIsTheServersErrorAndAMissingRunIsUsage() {
    CliRunner env = runs.server.galley("runs", "env", "no-such-run");
    assertThat(env.exitCode()).isEqualTo(1);
    assertThat(env.err())
        .isEqualTo("Error: Run with id=no-such-run not found" + System.lineSeparator());
    CliRunner none = CliRunner.run("runs", "env");
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("Missing required parameter: 'RUN'", "Usage: galley runs env");
  }
}
