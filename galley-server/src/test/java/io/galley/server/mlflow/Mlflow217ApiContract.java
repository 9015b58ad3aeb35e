package io.galley.server.mlflow;

import static io.galley.server.Http.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.server.ApiTestBase;
import io.galley.server.Http;
import io.galley.server.Http.Resp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What MLflow 2.17's server does and its Python client counts on: long param and run tag values
 * truncated (MLflow's {@code _validate_param} and {@code _validate_tag} with truncation on), a
 * search of experiment ids that name nothing answered empty, and {@code runs/log-model} appending
 * to the run's {@code mlflow.log-model.history}. Run over H2 and PostgreSQL by the subclasses.
 */
public abstract class Mlflow217ApiContract extends ApiTestBase {

  @Test
  void longParamValuesAreTruncatedTo6000AndReadBackSo() {
    String run = createRun(createExperiment(unique("trunc-param")));
    String value = "x".repeat(6001);
    ok(
        http.mlflowPost(
            "runs/log-parameter", obj().put("run_id", run).put("key", "p").put("value", value)));
    assertThat(param(getRun(run), "p")).isEqualTo(value.substring(0, 6000));
    // Logging the same long value again compares the stored (truncated) values: no conflict.
    ok(
        http.mlflowPost(
            "runs/log-parameter", obj().put("run_id", run).put("key", "p").put("value", value)));
    ObjectNode batch = obj().put("run_id", run);
    batch.putArray("params").addObject().put("key", "p").put("value", value + "tail");
    batch.putArray("params").addObject().put("key", "b").put("value", "y".repeat(7000));
    ok(http.mlflowPost("runs/log-batch", batch));
    JsonNode data = getRun(run);
    assertThat(param(data, "p")).hasSize(6000);
    assertThat(param(data, "b")).isEqualTo("y".repeat(6000));
    // A different value is still a conflict, and a key too long is still refused.
    Resp changed =
        http.mlflowPost(
            "runs/log-parameter",
            obj().put("run_id", run).put("key", "p").put("value", "z" + value));
    assertError(changed, 400, "INVALID_PARAMETER_VALUE");
    assertThat(changed.message()).contains("Changing param values is not allowed");
    Resp longKey =
        http.mlflowPost(
            "runs/log-parameter",
            obj().put("run_id", run).put("key", "k".repeat(251)).put("value", "v"));
    assertError(longKey, 400, "INVALID_PARAMETER_VALUE");
    assertThat(longKey.message()).endsWith("had length 251, which exceeded length limit of 250");
  }

  @Test
  void runTagValuesOf8000AreStoredWholeAndLongerOnesTruncated() {
    String run = createRun(createExperiment(unique("trunc-tag")));
    String whole = "w".repeat(8000);
    ok(
        http.mlflowPost(
            "runs/set-tag", obj().put("run_id", run).put("key", "whole").put("value", whole)));
    ok(
        http.mlflowPost(
            "runs/set-tag",
            obj().put("run_id", run).put("key", "cut").put("value", "c".repeat(8001))));
    ObjectNode batch = obj().put("run_id", run);
    batch.putArray("tags").addObject().put("key", "batch").put("value", "b".repeat(9000));
    ok(http.mlflowPost("runs/log-batch", batch));
    JsonNode data = getRun(run);
    assertThat(tag(data, "whole")).isEqualTo(whole);
    assertThat(tag(data, "cut")).isEqualTo("c".repeat(8000));
    assertThat(tag(data, "batch")).isEqualTo("b".repeat(8000));
    // The tag is searchable by its stored value.
    ObjectNode search = obj().put("filter", "tags.whole = '" + whole + "'");
    search.putArray("experiment_ids").add(data.at("/info/experiment_id").asText());
    assertThat(http.mlflowPost("runs/search", search).json().get("runs")).hasSize(1);
  }

  @Test
  void experimentAndRegistryTagsKeepTheirLimitsAndAreRefusedPastThem() {
    String exp = createExperiment(unique("limits"));
    Resp r =
        http.mlflowPost(
            "experiments/set-experiment-tag",
            obj().put("experiment_id", exp).put("key", "t").put("value", "v".repeat(5001)));
    assertError(r, 400, "INVALID_PARAMETER_VALUE");
    assertThat(r.message()).endsWith("had length 5001, which exceeded length limit of 5000");
    ObjectNode create = obj().put("experiment_id", exp);
    create.putArray("tags").addObject().put("key", "t").put("value", "v".repeat(8001));
    r = http.mlflowPost("runs/create", create);
    assertError(r, 400, "INVALID_PARAMETER_VALUE");
    assertThat(r.message()).endsWith("had length 8001, which exceeded length limit of 8000");
  }

  @Test
  void searchingExperimentIdsThatNameNothingFindsNothing() {
    String exp = createExperiment(unique("search-unknown"));
    createRun(exp);
    for (String unknown : List.of("987654321", "99999999999999999999", "no-such-experiment")) {
      ObjectNode search = obj();
      search.putArray("experiment_ids").add(unknown);
      Resp r = http.mlflowPost("runs/search", search);
      ok(r);
      assertThat(r.json().path("runs")).as(unknown).isEmpty();
      // An unknown id beside a known one changes nothing.
      search.withArray("experiment_ids").add(exp);
      assertThat(http.mlflowPost("runs/search", search).json().get("runs")).hasSize(1);
    }
    // An id MLflow's _validate_experiment_id refuses is still refused.
    ObjectNode bad = obj();
    bad.putArray("experiment_ids").add("../1");
    assertError(http.mlflowPost("runs/search", bad), 400, "INVALID_PARAMETER_VALUE");
  }

  @Test
  void logModelAppendsToTheHistoryTagUnderBothPrefixes() {
    String run = createRun(createExperiment(unique("log-model")));
    ok(logModel("/api/2.0/mlflow/", run, modelJson(run, "model", "m1")));
    ok(logModel("/ajax-api/2.0/mlflow/", run, modelJson(run, "other", "m2")));
    JsonNode history = history(run);
    assertThat(history).hasSize(2);
    JsonNode first = history.get(0);
    assertThat(first.get("run_id").asText()).isEqualTo(run);
    assertThat(first.get("artifact_path").asText()).isEqualTo("model");
    assertThat(first.get("utc_time_created").asText()).isEqualTo("2024-10-08 10:00:00.000001");
    assertThat(first.get("model_uuid").asText()).isEqualTo("m1");
    // get_tags_dict keeps only these, and drops each flavour's "config".
    assertThat(first.properties())
        .extracting(e -> e.getKey())
        .containsExactly("run_id", "artifact_path", "utc_time_created", "model_uuid", "flavors");
    assertThat(first.at("/flavors/python_function/loader_module").asText())
        .isEqualTo("mlflow.sklearn");
    assertThat(first.at("/flavors/python_function").has("config")).isFalse();
    assertThat(history.get(1).get("artifact_path").asText()).isEqualTo("other");
    // Written as Python's json.dumps writes it.
    assertThat(tag(getRun(run), LoggedModelHistory.TAG))
        .startsWith("[{\"run_id\": \"" + run + "\", \"artifact_path\": \"model\", ");
  }

  @Test
  void logModelChecksItsBodyAsMlflowDoes() {
    String run = createRun(createExperiment(unique("log-model-bad")));
    Resp r = http.mlflowPost("runs/log-model", obj().put("model_json", "{}"));
    assertError(r, 400, "INVALID_PARAMETER_VALUE");
    assertThat(r.message()).startsWith("Missing value for required parameter 'run_id'.");
    r = http.mlflowPost("runs/log-model", obj().put("run_id", run));
    assertError(r, 400, "INVALID_PARAMETER_VALUE");
    assertThat(r.message()).startsWith("Missing value for required parameter 'model_json'.");
    r = logModel("/api/2.0/mlflow/", run, "not json");
    assertError(r, 400, "INVALID_PARAMETER_VALUE");
    assertThat(r.message()).isEqualTo("Malformed model info. \n not json \n is not a valid JSON.");
    r = logModel("/api/2.0/mlflow/", run, "[1, 2]");
    assertError(r, 400, "INVALID_PARAMETER_VALUE");
    r = logModel("/api/2.0/mlflow/", run, "{\"artifact_path\": \"m\", \"run_id\": \"x\"}");
    assertError(r, 400, "INVALID_PARAMETER_VALUE");
    assertThat(r.message())
        .isEqualTo("Model json is missing mandatory fields: {'flavors', 'utc_time_created'}");
    r =
        logModel(
            "/api/2.0/mlflow/",
            run,
            "{\"artifact_path\": \"m\", \"run_id\": \"x\", \"utc_time_created\": \"t\","
                + " \"flavors\": [\"not\", \"an object\"]}");
    assertError(r, 400, "INVALID_PARAMETER_VALUE");
    r =
        http.mlflowPost(
            "runs/log-model",
            obj().put("run_id", run).put("model_json", modelJson(run, "m", "u")).put("x", 1));
    ok(r); // unknown fields are ignored, as protobuf's parser does
    // An unknown run, a deleted run.
    r = logModel("/api/2.0/mlflow/", "0123456789abcdef0123456789abcdef", modelJson(run, "m", "u"));
    assertError(r, 404, "RESOURCE_DOES_NOT_EXIST");
    ok(http.mlflowPost("runs/delete", obj().put("run_id", run)));
    r = logModel("/api/2.0/mlflow/", run, modelJson(run, "m", "u"));
    assertError(r, 400, "INVALID_PARAMETER_VALUE");
    assertThat(r.message()).contains("must be in the 'active' state");
  }

  @Test
  void logModelRefusesAHistoryPast8000CharactersAndKeepsTheOldOne() {
    String run = createRun(createExperiment(unique("log-model-full")));
    String big = modelJson(run, "m", "x".repeat(3000));
    ok(logModel("/api/2.0/mlflow/", run, big));
    ok(logModel("/api/2.0/mlflow/", run, big));
    String before = tag(getRun(run), LoggedModelHistory.TAG);
    Resp r = logModel("/api/2.0/mlflow/", run, big);
    assertError(r, 400, "INVALID_PARAMETER_VALUE");
    assertThat(r.message()).contains("exceeded length limit of 8000");
    assertThat(tag(getRun(run), LoggedModelHistory.TAG)).isEqualTo(before);
    // A history tag someone overwrote with something else is left alone, with a reason.
    ok(
        http.mlflowPost(
            "runs/set-tag",
            obj().put("run_id", run).put("key", LoggedModelHistory.TAG).put("value", "oops")));
    r = logModel("/api/2.0/mlflow/", run, modelJson(run, "m", "u"));
    assertError(r, 400, "INVALID_PARAMETER_VALUE");
    assertThat(tag(getRun(run), LoggedModelHistory.TAG)).isEqualTo("oops");
  }

  @Test
  void concurrentLogModelCallsOnOneRunLoseNoEntry() throws Exception {
    String run = createRun(createExperiment(unique("log-model-conc")));
    int threads = 4;
    int each = 5;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Callable<Void>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        tasks.add(
            () -> {
              for (int i = 0; i < each; i++) {
                String uuid = thread + "-" + i;
                ok(logModel("/api/2.0/mlflow/", run, smallModelJson(run, uuid)));
              }
              return null;
            });
      }
      for (Future<Void> f : pool.invokeAll(tasks)) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    List<String> uuids = new ArrayList<>();
    history(run).forEach(e -> uuids.add(e.get("model_uuid").asText()));
    List<String> expected = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < each; i++) {
        expected.add(t + "-" + i);
      }
    }
    assertThat(uuids).containsExactlyInAnyOrderElementsOf(expected);
  }

  /** A model as {@code Model.to_json()} writes it for an sklearn model. */
  static String modelJson(String runId, String artifactPath, String uuid) {
    ObjectNode m = obj().put("run_id", runId).put("artifact_path", artifactPath);
    m.put("utc_time_created", "2024-10-08 10:00:00.000001");
    ObjectNode flavors = m.putObject("flavors");
    flavors
        .putObject("python_function")
        .put("model_path", "model.pkl")
        .put("predict_fn", "predict")
        .put("loader_module", "mlflow.sklearn")
        .put("python_version", "3.11.9")
        .put("env", "conda.yaml")
        .putObject("config")
        .put("k", 1);
    flavors
        .putObject("sklearn")
        .put("pickled_model", "model.pkl")
        .put("sklearn_version", "1.5.2")
        .put("serialization_format", "cloudpickle")
        .putNull("code");
    m.put("model_uuid", uuid).put("mlflow_version", "2.17.2").put("model_size_bytes", 1234);
    return m.toString();
  }

  /** A model with no flavour, so that 20 of them fit the history's 8000 characters. */
  static String smallModelJson(String runId, String uuid) {
    ObjectNode m = obj().put("run_id", runId).put("artifact_path", "m");
    m.put("utc_time_created", "2024-10-08 10:00:00").put("model_uuid", uuid).putObject("flavors");
    return m.toString();
  }

  Resp logModel(String prefix, String runId, String modelJson) {
    return http.post(
        prefix + "runs/log-model",
        obj().put("run_id", runId).put("model_json", modelJson).toString());
  }

  JsonNode history(String runId) {
    try {
      return Http.JSON.readTree(tag(getRun(runId), LoggedModelHistory.TAG));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  static String param(JsonNode run, String key) {
    return entry(run.at("/data/params"), key);
  }

  static String tag(JsonNode run, String key) {
    return entry(run.at("/data/tags"), key);
  }

  private static String entry(JsonNode list, String key) {
    for (JsonNode e : list) {
      if (e.get("key").asText().equals(key)) {
        return e.get("value").asText();
      }
    }
    throw new AssertionError("no " + key + " in " + list);
  }
}
