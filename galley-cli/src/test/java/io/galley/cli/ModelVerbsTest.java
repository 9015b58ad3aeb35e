package io.galley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code galley models ls / show / alias} against a real server, filled over its MLflow API as a
 * client would: runs with params, metrics, environment tags, dataset inputs and model files, then
 * registered models and versions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelVerbsTest {
  private static final String DESCRIPTION =
      "Tribuo logistic regression on the iris data set, tuned by grid search";

  private InProcessServer server;
  private MlflowRest api;
  private String experimentId;
  private String steady;
  private String bare;

  @BeforeAll
  void startAndRegister(@TempDir Path dataDir) throws Exception {
    server = new InProcessServer(dataDir);
    api = new MlflowRest(server.uri());
    experimentId =
        api.post("experiments/create", Map.of("name", "iris")).path("experiment_id").asText();
    Path model = Files.createDirectories(dataDir.resolve("upload/model"));
    Files.writeString(model.resolve("MLmodel"), "flavors: {}\n");

    steady =
        run(
            "steady",
            List.of(
                tag("mlflow.source.git.commit", "4f2a9c1"),
                tag("mlflow.source.git.branch", "main"),
                tag("mlflow.source.name", "train.py"),
                tag("mlflow.user", "ada"),
                tag("galley.env.java.version", "17.0.9"),
                tag("galley.env.os", "Linux amd64"),
                tag("galley.env.lib.org.tribuo/tribuo-core", "4.3.1"),
                tag("galley.env.lib.com.fasterxml.jackson.core/jackson-databind", "2.17.0"),
                tag("team", "vision")),
            Map.of(
                "accuracy", new double[] {0.80, 0.95, 0.90}, "loss", new double[] {0.5, 0.2, 0.3}),
            List.of(tag("lr", "0.1"), tag("seed", "42")));
    api.post(
        "runs/log-inputs",
        Map.of(
            "run_id",
            steady,
            "datasets",
            List.of(
                Map.of(
                    "tags",
                    List.of(
                        tag("mlflow.data.context", "training"),
                        tag("galley.dataset.content_digest", "sha256:" + "ab12".repeat(16))),
                    "dataset",
                    Map.of(
                        "name", "iris",
                        "digest", "a1b2c3d4",
                        "source_type", "local",
                        "source", "{\"uri\": \"file:///data/iris.csv\"}")))));
    bare = run("bare", List.of(), Map.of("accuracy", new double[] {0.7}), List.of());
    for (String run : List.of(steady, bare)) {
      CliRunner put = server.galley("artifacts", "put", run, model.toString());
      assertThat(put.exitCode()).as(put.err()).isZero();
    }

    api.post(
        "registered-models/create", Map.of("name", "iris-classifier", "description", DESCRIPTION));
    version("iris-classifier", "runs:/" + bare + "/model", bare, Map.of());
    version(
        "iris-classifier",
        "runs:/" + steady + "/model",
        steady,
        Map.of("description", "Trained with lr=0.1", "tags", List.of(tag("validated", "yes"))));
    api.post(
        "model-versions/transition-stage",
        Map.of(
            "name",
            "iris-classifier",
            "version",
            "2",
            "stage",
            "Production",
            "archive_existing_versions",
            false));
    api.post(
        "registered-models/alias",
        Map.of("name", "iris-classifier", "alias", "champion", "version", "2"));
    api.post("registered-models/create", Map.of("name", "iris-baseline"));
    api.post("registered-models/create", Map.of("name", "external"));
    version("external", "s3://models/external/1", null, Map.of());
    api.post("registered-models/create", Map.of("name", "alias-demo"));
    version("alias-demo", "s3://models/demo/1", null, Map.of());
    version("alias-demo", "s3://models/demo/2", null, Map.of());
    String old = run("old", List.of(), Map.of("accuracy", new double[] {0.6}), List.of());
    api.post("registered-models/create", Map.of("name", "retired"));
    version("retired", "runs:/" + old + "/model", old, Map.of());
    api.post("runs/delete", Map.of("run_id", old));
  }

  private String run(
      String name,
      List<Map<String, String>> tags,
      Map<String, double[]> metrics,
      List<Map<String, String>> params) {
    String id =
        api.post(
                "runs/create",
                Map.of(
                    "experiment_id",
                    experimentId,
                    "run_name",
                    name,
                    "user_id",
                    "ada",
                    "start_time",
                    1_700_000_000_000L,
                    "tags",
                    tags))
            .path("run")
            .path("info")
            .path("run_id")
            .asText();
    List<Map<String, Object>> points = new ArrayList<>();
    metrics.forEach(
        (key, values) -> {
          for (int step = 0; step < values.length; step++) {
            points.add(Map.of("key", key, "value", values[step], "timestamp", 1000L, "step", step));
          }
        });
    api.post("runs/log-batch", Map.of("run_id", id, "metrics", points, "params", params));
    api.post(
        "runs/update", Map.of("run_id", id, "status", "FINISHED", "end_time", 1_700_000_060_000L));
    return id;
  }

  private void version(String name, String source, String runId, Map<String, Object> more) {
    Map<String, Object> body = new HashMap<>(more);
    body.put("name", name);
    body.put("source", source);
    if (runId != null) {
      body.put("run_id", runId);
    }
    api.post("model-versions/create", body);
  }

  private static Map<String, String> tag(String key, String value) {
    return Map.of("key", key, "value", value);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private CliRunner galley(String... args) {
    return server.galley(args);
  }

  /** The model's last update, as the tables print it. */
  private String updated(String name) {
    return Formats.time(
        api.get("registered-models/get", Map.of("name", name))
            .path("registered_model")
            .path("last_updated_timestamp"));
  }

  private JsonNode modelVersion(String name, String version) {
    return api.get("model-versions/get", Map.of("name", name, "version", version))
        .path("model_version");
  }

  @Test
  void lsFiltersAndShowsLatestVersionAliasesAndAShortDescription() {
    CliRunner r = galley("models", "ls", "--filter", "name LIKE 'iris%'");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().lines())
        .containsExactly(
            "NAME              LATEST VERSION   ALIASES      UPDATED                DESCRIPTION",
            "iris-baseline     -                -            " + updated("iris-baseline") + "   -",
            "iris-classifier   2                champion=2   "
                + updated("iris-classifier")
                + "   Tribuo logistic regression on the iris…");
  }

  @Test
  void lsWithoutFilterListsEveryModelByName() {
    CliRunner r = galley("models", "ls");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().lines().skip(1).map(l -> l.substring(0, l.indexOf(' '))))
        .containsExactly("alias-demo", "external", "iris-baseline", "iris-classifier", "retired");
  }

  @Test
  void lsJsonIsTheServersRegisteredModels() throws Exception {
    CliRunner r = galley("models", "ls", "-n", "2", "--format", "json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode models = MlflowRest.JSON.readTree(r.out());
    assertThat(models).hasSize(2);
    assertThat(models.get(0).path("name").asText()).isEqualTo("alias-demo");
    assertThat(models.get(1).path("latest_versions").get(0).path("source").asText())
        .isEqualTo("s3://models/external/1");
  }

  @Test
  void lsPagesThroughEveryModel(@TempDir Path dataDir) {
    try (InProcessServer many = new InProcessServer(dataDir)) {
      MlflowRest rest = new MlflowRest(many.uri());
      int count = ModelsCommand.Ls.PAGE * 2 + 5;
      for (int i = 0; i < count; i++) {
        rest.post("registered-models/create", Map.of("name", String.format("m%03d", i)));
      }
      CliRunner all = many.galley("models", "ls");
      assertThat(all.exitCode()).as(all.err()).isZero();
      List<String> lines = all.out().lines().toList();
      assertThat(lines).hasSize(count + 1);
      assertThat(lines.get(count)).startsWith(String.format("m%03d ", count - 1));
      CliRunner some = many.galley("models", "ls", "-n", Integer.toString(count - 3));
      assertThat(some.out().lines()).hasSize(count - 2);
    }
  }

  @Test
  void showByAliasPrintsTheVersionItsRunEnvironmentAndData() {
    CliRunner r = galley("models", "show", "models:/iris-classifier@champion");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode v = modelVersion("iris-classifier", "2");
    assertThat(r.out().lines())
        .containsExactly(
            "MODEL VERSION   VALUE",
            "name            iris-classifier",
            "version         2",
            "aliases         champion",
            "stage           Production",
            "status          READY",
            "source          runs:/" + steady + "/model",
            "created         " + Formats.time(v.path("creation_timestamp")),
            "updated         " + Formats.time(v.path("last_updated_timestamp")),
            "description     Trained with lr=0.1",
            "",
            "VERSION TAG   VALUE",
            "validated     yes",
            "",
            "SOURCE RUN   VALUE",
            "run id       " + steady,
            "name         steady",
            "experiment   iris (" + experimentId + ")",
            "status       FINISHED",
            "user         ada",
            "started      2023-11-14 22:13:20Z",
            "ended        2023-11-14 22:14:20Z",
            "",
            "METRIC     LAST   STEP   MIN   MAX",
            "accuracy   0.9    2      0.8   0.95",
            "loss       0.3    2      0.2   0.5",
            "",
            "PARAM   VALUE",
            "lr      0.1",
            "seed    42",
            "",
            "ENVIRONMENT         VALUE",
            "source.git.commit   4f2a9c1",
            "source.git.branch   main",
            "source.name         train.py",
            "user                ada",
            "java.version        17.0.9",
            "os                  Linux amd64",
            "",
            "LIBRARY                                       VERSION",
            "com.fasterxml.jackson.core/jackson-databind   2.17.0",
            "org.tribuo/tribuo-core                        4.3.1",
            "",
            "DATASET   CONTEXT    DIGEST     CONTENT               SOURCE TYPE   SOURCE",
            "iris      training   a1b2c3d4   sha256:ab12ab12ab12   local         {\"uri\":"
                + " \"file:///data/iris.csv\"}");
  }

  @Test
  void everyFormOfReferenceFindsItsVersion() {
    for (String ref :
        List.of(
            "iris-classifier",
            "iris-classifier/latest",
            "iris-classifier/2",
            "iris-classifier@champion",
            "iris-classifier/production",
            "models:/iris-classifier/Production")) {
      CliRunner r = galley("models", "show", ref);
      assertThat(r.exitCode()).as(ref + ": " + r.err()).isZero();
      assertThat(r.out().lines()).as(ref).contains("version         2");
    }
  }

  @Test
  void aRunWithoutEnvironmentTagsSaysNoneWasCaptured() {
    CliRunner r = galley("models", "show", "iris-classifier/1");
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).contains("version         1", "aliases         -", "stage           None");
    assertThat(lines.subList(lines.indexOf("METRIC     LAST   STEP   MIN   MAX"), lines.size()))
        .containsExactly(
            "METRIC     LAST   STEP   MIN   MAX",
            "accuracy   0.7    0      0.7   0.7",
            "",
            "No environment captured: the run has no galley.env.* tags.");
  }

  @Test
  void aDeletedRunIsShownAsDeletedWithItsLastValuesOnly() {
    CliRunner r = galley("models", "show", "retired");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().lines())
        .contains("status       FINISHED (run deleted)", "accuracy   0.6    0      -     -");
  }

  @Test
  void aVersionWithoutARunShowsTheVersionAndSaysSo() throws Exception {
    CliRunner r = galley("models", "show", "external/1");
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("MODEL VERSION   VALUE");
    assertThat(lines.subList(lines.size() - 3, lines.size()))
        .containsExactly(
            "description     -", "", "Not registered from a run (source: s3://models/external/1).");

    JsonNode json =
        MlflowRest.JSON.readTree(galley("models", "show", "external", "--format", "json").out());
    assertThat(json.path("model_version").path("source").asText())
        .isEqualTo("s3://models/external/1");
    assertThat(json.has("run")).isFalse();
    assertThat(json.path("note").asText()).startsWith("Not registered from a run");
  }

  @Test
  void showJsonHoldsVersionRunMetricRangesEnvironmentAndInputs() throws Exception {
    CliRunner r = galley("models", "show", "iris-classifier@champion", "--format", "json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode json = MlflowRest.JSON.readTree(r.out());
    assertThat(json.path("model_version").path("version").asText()).isEqualTo("2");
    assertThat(json.path("model_version").path("aliases").get(0).asText()).isEqualTo("champion");
    assertThat(json.path("run").path("info").path("run_id").asText()).isEqualTo(steady);
    assertThat(json.path("run").path("data").path("params")).hasSize(2);
    assertThat(json.path("experiment").path("name").asText()).isEqualTo("iris");
    JsonNode accuracy = json.path("metrics").get(0);
    assertThat(accuracy.path("key").asText()).isEqualTo("accuracy");
    assertThat(accuracy.path("last").path("value").asDouble()).isEqualTo(0.90);
    assertThat(accuracy.path("min").path("value").asDouble()).isEqualTo(0.80);
    assertThat(accuracy.path("max").path("value").asDouble()).isEqualTo(0.95);
    assertThat(accuracy.path("max").path("step").asLong()).isEqualTo(1);
    assertThat(json.path("environment").path("galley.env.lib.org.tribuo/tribuo-core").asText())
        .isEqualTo("4.3.1");
    assertThat(json.path("environment").path("mlflow.source.git.commit").asText())
        .isEqualTo("4f2a9c1");
    assertThat(json.path("environment").has("team")).isFalse();
    JsonNode dataset = json.path("run").path("inputs").path("dataset_inputs").get(0);
    assertThat(dataset.path("dataset").path("digest").asText()).isEqualTo("a1b2c3d4");
  }

  @Test
  void aliasSetsMovesAndDeletes() throws Exception {
    CliRunner set = galley("models", "alias", "alias-demo", "best", "1");
    assertThat(set.exitCode()).as(set.err()).isZero();
    assertThat(set.out())
        .isEqualTo("Alias 'best' of model 'alias-demo' now points to version 1.\n");
    assertThat(galley("models", "show", "alias-demo@best").out()).contains("version         1");

    CliRunner moved = galley("models", "alias", "alias-demo", "best", "2", "--format", "json");
    assertThat(moved.exitCode()).as(moved.err()).isZero();
    JsonNode json = MlflowRest.JSON.readTree(moved.out());
    assertThat(json.path("name").asText()).isEqualTo("alias-demo");
    assertThat(json.path("alias").asText()).isEqualTo("best");
    assertThat(json.path("version").asText()).isEqualTo("2");
    assertThat(galley("models", "show", "alias-demo@best").out())
        .contains("version         2", "aliases         best");

    CliRunner deleted = galley("models", "alias", "--delete", "alias-demo", "best");
    assertThat(deleted.exitCode()).as(deleted.err()).isZero();
    assertThat(deleted.out()).isEqualTo("Deleted alias 'best' of model 'alias-demo'.\n");
    CliRunner gone = galley("models", "show", "alias-demo@best");
    assertThat(gone.exitCode()).isEqualTo(1);
    assertThat(gone.err()).startsWith("Error: models:/alias-demo@best: ");
  }

  @Test
  void aliasToAMissingVersionIsRefusedByTheServer() {
    CliRunner r = galley("models", "alias", "alias-demo", "best", "9");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("Error: ").contains("9");
  }

  @Test
  void unknownModelVersionOrAliasIsAnErrorWithTheServersMessage() {
    CliRunner model = galley("models", "show", "nope");
    assertThat(model.exitCode()).isEqualTo(1);
    assertThat(model.err()).startsWith("Error: models:/nope/latest: ").contains("nope");
    assertThat(model.out()).isEmpty();

    CliRunner version = galley("models", "show", "iris-classifier/9");
    assertThat(version.exitCode()).isEqualTo(1);
    assertThat(version.err()).startsWith("Error: models:/iris-classifier/9: ").contains("9");

    CliRunner alias = galley("models", "show", "iris-classifier@ghost");
    assertThat(alias.exitCode()).isEqualTo(1);
    assertThat(alias.err()).startsWith("Error: models:/iris-classifier@ghost: ").contains("ghost");

    // An alias of a model that does not exist: the model is what is missing.
    CliRunner nosuch = galley("models", "show", "nosuch@x");
    assertThat(nosuch.exitCode()).isEqualTo(1);
    assertThat(nosuch.err())
        .startsWith("Error: models:/nosuch@x: ")
        .contains("Registered Model with name=nosuch not found")
        .doesNotContain("alias");

    CliRunner noVersions = galley("models", "show", "iris-baseline");
    assertThat(noVersions.exitCode()).isEqualTo(1);
    assertThat(noVersions.err())
        .isEqualTo(
            "Error: models:/iris-baseline/latest: Registered model 'iris-baseline' has no"
                + " versions\n");

    CliRunner stage = galley("models", "show", "iris-classifier/Staging");
    assertThat(stage.exitCode()).isEqualTo(1);
    assertThat(stage.err())
        .isEqualTo(
            "Error: models:/iris-classifier/Staging: Registered model 'iris-classifier' has no"
                + " version in stage 'Staging'\n");
  }
}
