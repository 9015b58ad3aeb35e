package io.galley.server.mlflow;

import static io.galley.server.Http.q;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.server.ApiTestBase;
import io.galley.server.Http;
import io.galley.server.Http.Resp;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Replays, over real HTTP, the requests MLflow 2.17's Python client sends, so that what the client
 * needs from each answer stays fixed. How a call goes on the wire: {@code
 * mlflow/store/tracking/rest_store.py} (and {@code mlflow/store/model_registry/rest_store.py})
 * build the proto message and {@code message_to_json} it (set fields only, in field-number order,
 * int64 as JSON numbers); {@code mlflow/utils/rest_utils.py}'s {@code call_endpoint} sends a GET's
 * fields as {@code requests}' {@code params=} (a query string, lists repeated) and every other
 * method's as {@code json=} (Python's {@code json.dumps}: {@code ", "} and {@code ": "}), to the
 * path of the proto's {@code rpc} option ({@code mlflow/protos/service.proto}) under {@code
 * /api/2.0}.
 */
class MlflowPythonClientReplayTest extends ApiTestBase {
  private static final String API = "/api/2.0/mlflow/";
  private static final long NOW = 1_728_380_000_000L;

  /** {@code mlflow.set_tag(key, 8000 chars)}: RestStore.set_tag sends SetTag. */
  @Test
  void setTagWith8000Characters() {
    String run = startRun(setExperiment(unique("replay-tag")), "tag-run");
    String value = "t".repeat(8000);
    ok(setTag(run, "long", value));
    assertThat(tags(getRunAsClient(run)).get("long").asText()).isEqualTo(value);
  }

  /** {@code mlflow.log_param(key, 6001 chars)}: RestStore.log_param sends LogParam. */
  @Test
  void logParamWith6001CharactersIsTruncatedTo6000() {
    String run = startRun(setExperiment(unique("replay-param")), "param-run");
    String value = "p".repeat(6001);
    // LogParam(run_uuid=run_id, run_id=run_id, key=param.key, value=param.value)
    ObjectNode body = obj().put("run_uuid", run).put("key", "long").put("value", value);
    ok(post("runs/log-parameter", body.put("run_id", run)));
    assertThat(params(getRunAsClient(run)).get("long").asText())
        .isEqualTo(value.substring(0, 6000));
  }

  /** {@code mlflow.search_runs(experiment_ids=[unknown])}: RestStore._search_runs. */
  @Test
  void searchRunsOfAnUnknownExperimentIsEmpty() {
    Resp r = searchRuns("424242", "");
    ok(r);
    assertThat(r.json().path("runs")).isEmpty();
    assertThat(r.json().has("next_page_token")).isFalse();
  }

  /**
   * {@code mlflow.sklearn.log_model(...)}: after uploading the files, {@code Model.log} calls
   * {@code _record_logged_model}, and RestStore.record_logged_model sends LogModel with {@code
   * model_json=mlflow_model.to_json()} ({@code mlflow/models/model.py}).
   */
  @Test
  void logModelIsVisibleInGetRun() {
    String exp = setExperiment(unique("replay-model"));
    String run = startRun(exp, "model-run");
    ok(logModel(run));
    JsonNode history = historyOf(getRunAsClient(run));
    assertThat(history).hasSize(1);
    assertThat(history.get(0).get("artifact_path").asText()).isEqualTo("model");
    assertThat(history.get(0).get("run_id").asText()).isEqualTo(run);
    assertThat(history.get(0).at("/flavors/sklearn/sklearn_version").asText()).isEqualTo("1.5.2");
  }

  /**
   * A day's session: set_experiment, start_run, log_params and log_metrics (log-batch), set_tag,
   * log_model, end_run (set-terminated), search_runs, get_metric_history, register_model,
   * set_registered_model_alias, get_model_version_by_alias.
   */
  @Test
  void aTypicalClientSession() {
    String name = unique("replay-session");
    String exp = setExperiment(name);
    String run = startRun(exp, "session-run");

    // mlflow.log_params({...}) and mlflow.log_metric(...) per step: MlflowClient.log_batch ->
    // RestStore.log_batch sends LogBatch(metrics=..., params=..., tags=..., run_id=...).
    ObjectNode params = obj().put("run_id", run);
    ArrayNode p = params.putArray("params");
    p.addObject().put("key", "lr").put("value", "0.01");
    p.addObject().put("key", "k").put("value", "5");
    ok(post("runs/log-batch", params));
    for (int step = 0; step < 3; step++) {
      ObjectNode metrics = obj().put("run_id", run);
      metrics
          .putArray("metrics")
          .addObject()
          .put("key", "loss")
          .put("value", 1.0 / (step + 1))
          .put("timestamp", NOW + step)
          .put("step", step);
      ok(post("runs/log-batch", metrics));
    }
    ok(setTag(run, "team", "core"));
    upload(exp, run, "model/MLmodel", "flavors: {}\n");
    ok(logModel(run));

    // mlflow.end_run(): MlflowClient.set_terminated -> RestStore.update_run_info sends
    // UpdateRun(run_uuid=run_id, run_id=run_id, status=..., end_time=..., run_name=None).
    ObjectNode end = obj().put("run_uuid", run).put("status", "FINISHED").put("end_time", NOW + 10);
    Resp ended = post("runs/update", end.put("run_id", run));
    ok(ended);
    assertThat(ended.json().at("/run_info/status").asText()).isEqualTo("FINISHED");

    Resp found = searchRuns(exp, "metrics.loss < 0.5 and params.k = '5'");
    ok(found);
    assertThat(found.json().get("runs")).hasSize(1);
    JsonNode hit = found.json().at("/runs/0");
    assertThat(hit.at("/info/run_id").asText()).isEqualTo(run);
    assertThat(hit.at("/info/status").asText()).isEqualTo("FINISHED");
    assertThat(params(hit).get("lr").asText()).isEqualTo("0.01");

    // MlflowClient.get_metric_history -> RestStore.get_metric_history sends GetMetricHistory(
    // run_uuid, run_id, metric_key, max_results=GET_METRIC_HISTORY_MAX_RESULTS (25000)) as GET.
    Resp history =
        get(
            "metrics/get-history",
            "run_uuid=" + run + "&metric_key=loss&run_id=" + run + "&max_results=25000");
    ok(history);
    assertThat(history.json().get("metrics")).hasSize(3);
    assertThat(history.json().at("/metrics/2/value").asDouble()).isEqualTo(1.0 / 3);
    assertThat(history.json().at("/metrics/2/timestamp").asLong()).isEqualTo(NOW + 2);
    assertThat(history.json().has("next_page_token")).isFalse();

    // mlflow.register_model("runs:/<run>/model", name): model_registry/rest_store.py's
    // create_registered_model and create_model_version, then get_model_version while pending.
    PythonRegistryClient registry = new PythonRegistryClient(http);
    String model = unique("replay-registered");
    JsonNode version = registry.registerModel("runs:/" + run + "/model", model);
    assertThat(version.get("version").asText()).isEqualTo("1");
    assertThat(version.get("status").asText()).isEqualTo("READY");
    // MlflowClient.set_registered_model_alias -> SetRegisteredModelAlias(name, alias, version).
    ok(registry.setRegisteredModelAlias(model, "champion", "1"));
    Resp byAlias = registry.getModelVersionByAlias(model, "champion");
    ok(byAlias);
    assertThat(byAlias.json().at("/model_version/version").asText()).isEqualTo("1");
    assertThat(byAlias.json().at("/model_version/run_id").asText()).isEqualTo(run);
    assertThat(byAlias.json().at("/model_version/aliases/0").asText()).isEqualTo("champion");
    // The run keeps what the session logged, as get_run returns it to the client.
    JsonNode got = getRunAsClient(run);
    assertThat(tags(got).get("team").asText()).isEqualTo("core");
    assertThat(historyOf(got)).hasSize(1);
    assertThat(got.at("/data/metrics/0/value").asDouble()).isEqualTo(1.0 / 3);
  }

  // ---- the client's calls -------------------------------------------------------------------

  /**
   * {@code mlflow.set_experiment(name)}: get_experiment_by_name (RESOURCE_DOES_NOT_EXIST means
   * none), create_experiment, then get_experiment.
   */
  private String setExperiment(String name) {
    Resp byName = get("experiments/get-by-name", "experiment_name=" + q(name));
    assertError(byName, 404, "RESOURCE_DOES_NOT_EXIST");
    // CreateExperiment(name=name, artifact_location=None, tags=[]): only the name is set.
    Resp created = post("experiments/create", obj().put("name", name));
    ok(created);
    String id = created.json().get("experiment_id").asText();
    Resp got = get("experiments/get", "experiment_id=" + id);
    ok(got);
    assertThat(got.json().at("/experiment/name").asText()).isEqualTo(name);
    return id;
  }

  /**
   * {@code mlflow.start_run(run_name=...)}: TrackingServiceClient.create_run sends CreateRun with
   * the tags the context providers resolve (user, source name and type) and the run name as both a
   * field and the {@code mlflow.runName} tag.
   */
  private String startRun(String experimentId, String runName) {
    ObjectNode body =
        obj()
            .put("experiment_id", experimentId)
            .put("user_id", "alice")
            .put("run_name", runName)
            .put("start_time", NOW);
    ArrayNode tags = body.putArray("tags");
    tags.addObject().put("key", "mlflow.runName").put("value", runName);
    tags.addObject().put("key", "mlflow.user").put("value", "alice");
    tags.addObject().put("key", "mlflow.source.name").put("value", "train.py");
    tags.addObject().put("key", "mlflow.source.type").put("value", "LOCAL");
    Resp r = post("runs/create", body);
    ok(r);
    assertThat(r.json().at("/run/info/run_name").asText()).isEqualTo(runName);
    assertThat(r.json().at("/run/info/status").asText()).isEqualTo("RUNNING");
    return r.json().at("/run/info/run_id").asText();
  }

  /** SetTag(run_uuid=run_id, run_id=run_id, key=tag.key, value=tag.value). */
  private Resp setTag(String run, String key, String value) {
    return post(
        "runs/set-tag",
        obj().put("run_uuid", run).put("key", key).put("value", value).put("run_id", run));
  }

  /**
   * SearchRuns(experiment_ids, filter, run_view_type, max_results, order_by=None, page_token=None)
   * as {@code mlflow.search_runs} pages it: NUM_RUNS_PER_PAGE_PANDAS (10000) a page.
   */
  private Resp searchRuns(String experimentId, String filter) {
    ObjectNode body = obj();
    body.putArray("experiment_ids").add(experimentId);
    body.put("run_view_type", "ACTIVE_ONLY").put("filter", filter).put("max_results", 10000);
    return post("runs/search", body);
  }

  /** LogModel(run_id=run_id, model_json=mlflow_model.to_json()). */
  private Resp logModel(String run) {
    // Model.to_dict() of an sklearn model, as json.dumps writes it.
    ObjectNode model = obj().put("run_id", run).put("artifact_path", "model");
    model.put("utc_time_created", "2024-10-08 09:33:20.123456");
    ObjectNode flavors = model.putObject("flavors");
    flavors
        .putObject("python_function")
        .put("model_path", "model.pkl")
        .put("predict_fn", "predict")
        .put("loader_module", "mlflow.sklearn")
        .put("python_version", "3.11.9")
        .put("env", "conda.yaml");
    flavors
        .putObject("sklearn")
        .put("pickled_model", "model.pkl")
        .put("sklearn_version", "1.5.2")
        .put("serialization_format", "cloudpickle")
        .putNull("code");
    model.put("model_uuid", "0a1b2c3d4e5f40718293a4b5c6d7e8f9").put("mlflow_version", "2.17.2");
    model.put("model_size_bytes", 1234);
    ObjectNode body = obj().put("run_id", run).put("model_json", PythonJson.dumps(model));
    return post("runs/log-model", body);
  }

  /** GetRun(run_uuid=run_id, run_id=run_id), as a GET. */
  private JsonNode getRunAsClient(String run) {
    Resp r = get("runs/get", "run_uuid=" + run + "&run_id=" + run);
    ok(r);
    return r.json().get("run");
  }

  private void upload(String experimentId, String run, String path, String content) {
    Resp r = putArtifact(experimentId, run, path, content.getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  private Resp post(String endpoint, ObjectNode body) {
    return http.send("POST", API + endpoint, PythonJson.dumps(body), "application/json");
  }

  private Resp get(String endpoint, String query) {
    return http.get(API + endpoint + "?" + query);
  }

  private static ObjectNode obj() {
    return Http.obj();
  }

  private static ObjectNode byKey(JsonNode list) {
    ObjectNode out = obj();
    list.forEach(e -> out.set(e.get("key").asText(), e.get("value")));
    return out;
  }

  private static ObjectNode params(JsonNode run) {
    return byKey(run.at("/data/params"));
  }

  private static ObjectNode tags(JsonNode run) {
    return byKey(run.at("/data/tags"));
  }

  private static JsonNode historyOf(JsonNode run) {
    try {
      return Http.JSON.readTree(tags(run).get(LoggedModelHistory.TAG).asText());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
