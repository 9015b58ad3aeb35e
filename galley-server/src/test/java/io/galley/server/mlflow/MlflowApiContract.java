package io.galley.server.mlflow;

import static io.galley.server.Http.json;
import static io.galley.server.Http.obj;
import static io.galley.server.Http.q;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.server.ApiTestBase;
import io.galley.server.Http;
import io.galley.server.Http.Resp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The MLflow REST API over real HTTP against a real store: every endpoint, the JSON conventions of
 * MLflow's server, and the errors. Run against each database by a subclass.
 */
abstract class MlflowApiContract extends ApiTestBase {

  // ---- experiments

  @Test
  void createAndGetExperimentWithMlflowShape() {
    String name = unique("exp");
    Resp created =
        http.mlflowPost(
            "experiments/create",
            json("{'name': '" + name + "', 'tags': [{'key': 'team', 'value': 'vision'}]}"));
    ok(created);
    JsonNode idNode = created.json().get("experiment_id");
    assertThat(idNode.isTextual()).as("experiment_id is a string").isTrue();

    JsonNode e = http.mlflowGet("experiments/get", "experiment_id=" + idNode.asText()).json();
    JsonNode exp = e.get("experiment");
    assertThat(exp.get("experiment_id").asText()).isEqualTo(idNode.asText());
    assertThat(exp.get("name").asText()).isEqualTo(name);
    assertThat(exp.get("lifecycle_stage").asText()).isEqualTo("active");
    assertThat(exp.get("artifact_location").asText()).isNotEmpty();
    assertThat(exp.get("creation_time").isIntegralNumber()).isTrue();
    assertThat(exp.get("last_update_time").isIntegralNumber()).isTrue();
    assertThat(exp.get("tags")).containsExactly(json("{'key': 'team', 'value': 'vision'}"));
  }

  @Test
  void experimentWithoutTagsLeavesTagsOut() {
    String id = createExperiment(unique("bare"));
    JsonNode exp =
        http.mlflowGet("experiments/get", "experiment_id=" + id).json().get("experiment");
    assertThat(exp.has("tags")).isFalse();
  }

  @Test
  void defaultExperimentExists() {
    JsonNode exp = http.mlflowGet("experiments/get", "experiment_id=0").json().get("experiment");
    assertThat(exp.get("name").asText()).isEqualTo("Default");
  }

  @Test
  void duplicateNameIsResourceAlreadyExists() {
    String name = unique("dup");
    createExperiment(name);
    assertError(
        http.mlflowPost("experiments/create", obj().put("name", name)),
        400,
        "RESOURCE_ALREADY_EXISTS");
  }

  @Test
  void unknownExperimentIsResourceDoesNotExist() {
    assertError(
        http.mlflowGet("experiments/get", "experiment_id=987654321"),
        404,
        "RESOURCE_DOES_NOT_EXIST");
  }

  @Test
  void getByName() {
    String name = unique("by name ünï");
    String id = createExperiment(name);
    Resp r = http.mlflowGet("experiments/get-by-name", "experiment_name=" + q(name));
    ok(r);
    assertThat(r.json().at("/experiment/experiment_id").asText()).isEqualTo(id);
    Resp missing =
        http.mlflowGet("experiments/get-by-name", "experiment_name=" + q(unique("none")));
    assertError(missing, 404, "RESOURCE_DOES_NOT_EXIST");
    assertThat(missing.message()).startsWith("Could not find experiment with name");
  }

  @Test
  void searchExperimentsByGetAndPostWithFilterOrderAndPaging() {
    String prefix = unique("search");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(createExperiment(prefix + "-" + i));
    }
    String filter = "name LIKE '" + prefix + "%'";
    Resp get =
        http.mlflowGet(
            "experiments/search",
            "filter=" + q(filter) + "&order_by=" + q("name DESC") + "&max_results=2");
    ok(get);
    JsonNode page1 = get.json();
    assertThat(names(page1)).containsExactly(prefix + "-2", prefix + "-1");
    String token = page1.get("next_page_token").asText();
    assertThat(token).isNotEmpty();

    ObjectNode body = obj().put("filter", filter).put("max_results", "2").put("page_token", token);
    body.putArray("order_by").add("name DESC");
    Resp post = http.mlflowPost("experiments/search", body);
    ok(post);
    assertThat(names(post.json())).containsExactly(prefix + "-0");
    assertThat(post.json().has("next_page_token")).isFalse();

    Resp ajax = http.get("/ajax-api/2.0/mlflow/experiments/search?filter=" + q(filter));
    ok(ajax);
    assertThat(names(ajax.json())).hasSize(3);
  }

  @Test
  void searchWithNoMatchIsEmptyObject() {
    Resp r =
        http.mlflowPost("experiments/search", obj().put("filter", "name = '" + unique("no") + "'"));
    ok(r);
    assertThat(r.json()).isEqualTo(obj());
  }

  @Test
  void updateDeleteRestoreExperiment() {
    String id = createExperiment(unique("life"));
    String renamed = unique("renamed");
    ok(
        http.mlflowPost(
            "experiments/update", obj().put("experiment_id", id).put("new_name", renamed)));
    ok(http.mlflowPost("experiments/delete", obj().put("experiment_id", id)));
    JsonNode exp =
        http.mlflowGet("experiments/get", "experiment_id=" + id).json().get("experiment");
    assertThat(exp.get("name").asText()).isEqualTo(renamed);
    assertThat(exp.get("lifecycle_stage").asText()).isEqualTo("deleted");

    Resp deleted =
        http.mlflowGet(
            "experiments/search", "view_type=DELETED_ONLY&filter=" + q("name = '" + renamed + "'"));
    assertThat(names(deleted.json())).containsExactly(renamed);
    Resp active = http.mlflowGet("experiments/search", "filter=" + q("name = '" + renamed + "'"));
    assertThat(active.json().has("experiments")).isFalse();

    ok(http.mlflowPost("experiments/restore", obj().put("experiment_id", id)));
    exp = http.mlflowGet("experiments/get", "experiment_id=" + id).json().get("experiment");
    assertThat(exp.get("lifecycle_stage").asText()).isEqualTo("active");
  }

  @Test
  void setAndDeleteExperimentTag() {
    String id = createExperiment(unique("tags"));
    ok(
        http.mlflowPost(
            "experiments/set-experiment-tag",
            obj().put("experiment_id", id).put("key", "note").put("value", "héllo ✓")));
    ok(
        http.mlflowPost(
            "experiments/set-experiment-tag",
            obj().put("experiment_id", id).put("key", "empty").put("value", "")));
    JsonNode tags =
        http.mlflowGet("experiments/get", "experiment_id=" + id).json().at("/experiment/tags");
    assertThat(tags)
        .contains(
            json("{'key': 'note', 'value': 'héllo ✓'}"), json("{'key': 'empty', 'value': ''}"));
    ok(
        http.mlflowPost(
            "experiments/delete-experiment-tag",
            obj().put("experiment_id", id).put("key", "note")));
    tags = http.mlflowGet("experiments/get", "experiment_id=" + id).json().at("/experiment/tags");
    assertThat(tags).containsExactly(json("{'key': 'empty', 'value': ''}"));
  }

  // ---- runs

  @Test
  void createRunHasMlflowShape() {
    String exp = createExperiment(unique("runs"));
    Resp r =
        http.mlflowPost(
            "runs/create",
            json(
                "{'experiment_id': '"
                    + exp
                    + "', 'run_name': 'first', 'start_time': 1700000000000, 'user_id': 'ann',"
                    + " 'tags': [{'key': 'k', 'value': 'v'}]}"));
    ok(r);
    JsonNode run = r.json().get("run");
    JsonNode info = run.get("info");
    assertThat(info.get("run_id").asText()).isNotEmpty();
    assertThat(info.get("run_uuid").asText()).isEqualTo(info.get("run_id").asText());
    assertThat(info.get("experiment_id").asText()).isEqualTo(exp);
    assertThat(info.get("run_name").asText()).isEqualTo("first");
    assertThat(info.get("user_id").asText()).isEqualTo("ann");
    assertThat(info.get("status").asText()).isEqualTo("RUNNING");
    assertThat(info.get("start_time").asLong()).isEqualTo(1_700_000_000_000L);
    assertThat(info.get("start_time").isIntegralNumber()).isTrue();
    assertThat(info.has("end_time")).isFalse();
    assertThat(info.get("lifecycle_stage").asText()).isEqualTo("active");
    assertThat(info.get("artifact_uri").asText()).isNotEmpty();
    assertThat(run.at("/data/tags")).contains(json("{'key': 'k', 'value': 'v'}"));
    assertThat(run.get("inputs")).isEqualTo(obj());
  }

  @Test
  void runWithNothingLoggedHasEmptyData() {
    String exp = createExperiment(unique("empty"));
    Resp r =
        http.mlflowPost("runs/create", obj().put("experiment_id", exp).put("run_name", "nothing"));
    ok(r);
    String id = r.json().at("/run/info/run_id").asText();
    JsonNode run = getRun(id);
    assertThat(run.path("data").has("metrics")).isFalse();
    assertThat(run.path("data").has("params")).isFalse();
    assertThat(run.get("inputs")).isEqualTo(obj());
  }

  @Test
  void logMetricParamTagAndReadBack() {
    String run = createRun(createExperiment(unique("log")));
    ok(
        http.mlflowPost(
            "runs/log-metric",
            obj()
                .put("run_id", run)
                .put("key", "loss")
                .put("value", 0.5)
                .put("timestamp", 10)
                .put("step", 1)));
    ok(
        http.mlflowPost(
            "runs/log-metric",
            obj()
                .put("run_uuid", run)
                .put("key", "loss")
                .put("value", 0.25)
                .put("timestamp", 20)
                .put("step", 2)));
    ok(
        http.mlflowPost(
            "runs/log-parameter", obj().put("run_id", run).put("key", "lr").put("value", "0.01")));
    ok(
        http.mlflowPost(
            "runs/set-tag", obj().put("run_id", run).put("key", "stage").put("value", "dev")));

    JsonNode data = getRun(run).get("data");
    assertThat(data.get("metrics"))
        .containsExactly(json("{'key': 'loss', 'value': 0.25, 'timestamp': 20, 'step': 2}"));
    assertThat(data.get("params")).containsExactly(json("{'key': 'lr', 'value': '0.01'}"));
    assertThat(data.get("tags")).contains(json("{'key': 'stage', 'value': 'dev'}"));

    ok(http.mlflowPost("runs/delete-tag", obj().put("run_id", run).put("key", "stage")));
    assertThat(getRun(run).at("/data/tags").toString()).doesNotContain("\"stage\"");
  }

  @Test
  void getRunAcceptsRunUuid() {
    String run = createRun(createExperiment(unique("uuid")));
    Resp r = http.mlflowGet("runs/get", "run_uuid=" + run);
    ok(r);
    assertThat(r.json().at("/run/info/run_id").asText()).isEqualTo(run);
  }

  @Test
  void unknownRunIsResourceDoesNotExist() {
    assertError(
        http.mlflowGet("runs/get", "run_id=0123456789abcdef0123456789abcdef"),
        404,
        "RESOURCE_DOES_NOT_EXIST");
  }

  @Test
  void updateRunStatusByNameOrNumber() {
    String run = createRun(createExperiment(unique("upd")));
    Resp r =
        http.mlflowPost(
            "runs/update",
            obj().put("run_id", run).put("status", "FINISHED").put("end_time", "1700000005000"));
    ok(r);
    JsonNode info = r.json().get("run_info");
    assertThat(info.get("status").asText()).isEqualTo("FINISHED");
    assertThat(info.get("end_time").asLong()).isEqualTo(1_700_000_005_000L);

    r =
        http.mlflowPost(
            "runs/update", obj().put("run_uuid", run).put("status", 4).put("run_name", "renamed"));
    ok(r);
    assertThat(r.json().at("/run_info/status").asText()).isEqualTo("FAILED");
    assertThat(r.json().at("/run_info/run_name").asText()).isEqualTo("renamed");
  }

  @Test
  void deleteAndRestoreRun() {
    String exp = createExperiment(unique("del"));
    String run = createRun(exp);
    ok(http.mlflowPost("runs/delete", obj().put("run_id", run)));
    assertThat(getRun(run).at("/info/lifecycle_stage").asText()).isEqualTo("deleted");
    ObjectNode search = obj();
    search.putArray("experiment_ids").add(exp);
    assertThat(http.mlflowPost("runs/search", search).json().has("runs")).isFalse();
    search.put("run_view_type", "DELETED_ONLY");
    assertThat(http.mlflowPost("runs/search", search).json().get("runs")).hasSize(1);
    ok(http.mlflowPost("runs/restore", obj().put("run_id", run)));
    assertThat(getRun(run).at("/info/lifecycle_stage").asText()).isEqualTo("active");
  }

  @Test
  void searchRunsWithFilterAndOrderBy() {
    String exp = createExperiment(unique("rs"));
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String run = createRun(exp);
      runs.add(run);
      ObjectNode batch = obj().put("run_id", run);
      batch
          .putArray("metrics")
          .add(obj().put("key", "acc").put("value", i / 10.0).put("timestamp", 1));
      batch
          .putArray("params")
          .add(obj().put("key", "model").put("value", i % 2 == 0 ? "cnn" : "mlp"));
      ok(http.mlflowPost("runs/log-batch", batch));
    }
    ObjectNode search = obj().put("filter", "params.model = 'cnn' and metrics.acc >= 0");
    search.putArray("experiment_ids").add(exp);
    search.putArray("order_by").add("metrics.acc DESC");
    Resp r = http.mlflowPost("runs/search", search);
    ok(r);
    List<String> ids = new ArrayList<>();
    r.json().get("runs").forEach(run -> ids.add(run.at("/info/run_id").asText()));
    assertThat(ids).containsExactly(runs.get(2), runs.get(0));

    search.put("max_results", 1);
    Resp first = http.mlflowPost("runs/search", search);
    assertThat(first.json().get("runs")).hasSize(1);
    search.put("page_token", first.json().get("next_page_token").asText());
    Resp second = http.mlflowPost("runs/search", search);
    assertThat(second.json().at("/runs/0/info/run_id").asText()).isEqualTo(runs.get(0));
  }

  @Test
  void logBatchAndLimits() {
    String run = createRun(createExperiment(unique("batch")));
    ObjectNode batch = obj().put("run_id", run);
    ArrayNode metrics = batch.putArray("metrics");
    for (int i = 0; i < 1000; i++) {
      metrics.add(obj().put("key", "m").put("value", i).put("timestamp", i).put("step", i));
    }
    ok(http.mlflowPost("runs/log-batch", batch));
    Resp history = http.mlflowGet("metrics/get-history", "run_id=" + run + "&metric_key=m");
    assertThat(history.json().get("metrics")).hasSize(1000);

    String before = snapshot();
    metrics.add(obj().put("key", "m").put("value", 1).put("timestamp", 1));
    assertError(http.mlflowPost("runs/log-batch", batch), 400, "INVALID_PARAMETER_VALUE");

    ObjectNode params = obj().put("run_id", run);
    ArrayNode p = params.putArray("params");
    for (int i = 0; i < 101; i++) {
      p.add(obj().put("key", "p" + i).put("value", "v"));
    }
    assertError(http.mlflowPost("runs/log-batch", params), 400, "INVALID_PARAMETER_VALUE");

    ObjectNode tags = obj().put("run_id", run);
    ArrayNode t = tags.putArray("tags");
    for (int i = 0; i < 101; i++) {
      t.add(obj().put("key", "t" + i).put("value", "v"));
    }
    assertError(http.mlflowPost("runs/log-batch", tags), 400, "INVALID_PARAMETER_VALUE");

    ObjectNode dup = obj().put("run_id", run);
    dup.putArray("params")
        .add(obj().put("key", "a").put("value", "1"))
        .add(obj().put("key", "a").put("value", "2"));
    assertError(http.mlflowPost("runs/log-batch", dup), 400, "INVALID_PARAMETER_VALUE");
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void paramCannotChangeValue() {
    String run = createRun(createExperiment(unique("param")));
    ok(
        http.mlflowPost(
            "runs/log-parameter", obj().put("run_id", run).put("key", "lr").put("value", "1")));
    ok(
        http.mlflowPost(
            "runs/log-parameter", obj().put("run_id", run).put("key", "lr").put("value", "1")));
    assertError(
        http.mlflowPost(
            "runs/log-parameter", obj().put("run_id", run).put("key", "lr").put("value", "2")),
        400,
        "INVALID_PARAMETER_VALUE");
  }

  @Test
  void logInputsShowsDatasets() {
    String run = createRun(createExperiment(unique("inputs")));
    JsonNode body =
        json(
            "{'run_id': '"
                + run
                + "', 'datasets': [{'tags': [{'key': 'mlflow.data.context', 'value': 'train'}],"
                + " 'dataset': {'name': 'iris', 'digest': 'abc123', 'source_type': 'local',"
                + " 'source': '/data/iris.csv', 'schema': '{}'}}]}");
    ok(http.mlflowPost("runs/log-inputs", body));
    JsonNode inputs = getRun(run).get("inputs");
    assertThat(inputs.at("/dataset_inputs/0/dataset/name").asText()).isEqualTo("iris");
    assertThat(inputs.at("/dataset_inputs/0/dataset/source_type").asText()).isEqualTo("local");
    assertThat(inputs.at("/dataset_inputs/0/tags/0/value").asText()).isEqualTo("train");
    assertThat(inputs.at("/dataset_inputs/0/dataset").has("profile")).isFalse();
  }

  // ---- metrics

  @Test
  void nanAndInfinityRoundTrip() {
    String run = createRun(createExperiment(unique("nan")));
    String[] values = {
      "\"NaN\"", "NaN", "\"Infinity\"", "Infinity", "\"-Infinity\"", "-Infinity", "\"1.5\"", "2"
    };
    for (int i = 0; i < values.length; i++) {
      String body =
          "{\"run_id\": \""
              + run
              + "\", \"key\": \"x\", \"value\": "
              + values[i]
              + ", \"timestamp\": "
              + i
              + ", \"step\": \""
              + i
              + "\"}";
      ok(http.mlflowPost("runs/log-metric", body));
    }
    Resp r = http.mlflowGet("metrics/get-history", "run_id=" + run + "&metric_key=x");
    ok(r);
    List<String> got = new ArrayList<>();
    r.json().get("metrics").forEach(m -> got.add(m.get("value").toString()));
    assertThat(got)
        .containsExactly(
            "\"NaN\"",
            "\"NaN\"",
            "\"Infinity\"",
            "\"Infinity\"",
            "\"-Infinity\"",
            "\"-Infinity\"",
            "1.5",
            "2.0");
  }

  @Test
  void metricHistoryPaging() {
    String run = createRun(createExperiment(unique("hist")));
    ObjectNode batch = obj().put("run_id", run);
    ArrayNode metrics = batch.putArray("metrics");
    for (int i = 0; i < 25; i++) {
      metrics.add(
          obj()
              .put("key", "loss")
              .put("value", 1.0 / (i + 1))
              .put("timestamp", 100 + i)
              .put("step", i));
    }
    ok(http.mlflowPost("runs/log-batch", batch));
    List<Long> steps = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      Resp r =
          http.mlflowGet(
              "metrics/get-history",
              "run_id="
                  + run
                  + "&metric_key=loss&max_results=10"
                  + (token == null ? "" : "&page_token=" + q(token)));
      ok(r);
      r.json().get("metrics").forEach(m -> steps.add(m.get("step").asLong()));
      token = r.json().has("next_page_token") ? r.json().get("next_page_token").asText() : null;
      pages++;
    } while (token != null && pages < 10);
    assertThat(pages).isEqualTo(3);
    assertThat(steps).hasSize(25).isSorted();
    Resp none = http.mlflowGet("metrics/get-history", "run_id=" + run + "&metric_key=nothing");
    ok(none);
    assertThat(none.json()).isEqualTo(obj());
  }

  @Test
  void metricHistoryBulkInterval() {
    String exp = createExperiment(unique("bulk"));
    String a = createRun(exp);
    String b = createRun(exp);
    for (String run : List.of(a, b)) {
      ObjectNode batch = obj().put("run_id", run);
      ArrayNode metrics = batch.putArray("metrics");
      for (int i = 0; i < 20; i++) {
        metrics.add(
            obj().put("key", "acc").put("value", i).put("timestamp", 1000 + i).put("step", i));
      }
      ok(http.mlflowPost("runs/log-batch", batch));
    }
    Resp r =
        http.mlflowGet(
            "metrics/get-history-bulk-interval",
            "run_ids="
                + a
                + "&run_ids="
                + b
                + "&metric_key=acc&start_step=5&end_step=14&max_results=4");
    ok(r);
    JsonNode metrics = r.json().get("metrics");
    assertThat(metrics).hasSize(8);
    assertThat(metrics.get(0).get("run_id").asText()).isEqualTo(a.compareTo(b) < 0 ? a : b);
    assertThat(metrics.get(0).get("step").asLong()).isEqualTo(5);
    assertThat(metrics.get(3).get("step").asLong()).isEqualTo(14);
    assertError(
        http.mlflowGet("metrics/get-history-bulk-interval", "metric_key=acc"),
        400,
        "INVALID_PARAMETER_VALUE");
  }

  // ---- bad input leaves the store unchanged

  @Test
  void badRequestsLeaveStoreUnchanged() {
    String exp = createExperiment(unique("guard"));
    String run = createRun(exp);
    String before = snapshot();
    assertError(http.mlflowPost("experiments/create", "{\"name\": "), 400, "BAD_REQUEST");
    assertError(http.mlflowPost("experiments/create", "[1, 2]"), 400, "BAD_REQUEST");
    assertError(
        http.mlflowPost("experiments/create", obj().put("name", 42)),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        http.mlflowPost("experiments/create", obj().putNull("name")),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        http.mlflowPost("experiments/create", obj().put("name", "")),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        http.mlflowPost("experiments/create", json("{'name': 'x', 'tags': 'not-a-list'}")),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        http.mlflowPost(
            "runs/log-metric",
            obj().put("run_id", run).put("key", "k").put("value", true).put("timestamp", 1)),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        http.mlflowPost(
            "runs/log-metric",
            obj().put("run_id", run).put("key", "k").put("value", 1).put("timestamp", "soon")),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        http.mlflowPost(
            "runs/log-metric",
            obj().put("run_id", run).put("key", "k").put("value", 1).put("timestamp", 1.5)),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        http.mlflowPost(
            "runs/log-batch", json("{'run_id': '" + run + "', 'metrics': {'key': 'k'}}")),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        http.mlflowPost(
            "runs/log-parameter",
            obj().put("run_id", run).put("key", "k'; DROP TABLE runs; --").put("value", "v")),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        http.mlflowPost(
            "runs/log-parameter",
            obj().put("run_id", run).put("key", "k".repeat(251)).put("value", "v")),
        400,
        "INVALID_PARAMETER_VALUE");
    ObjectNode injection = obj().put("filter", "params.x = '1' OR 1=1");
    injection.putArray("experiment_ids").add(exp);
    assertError(http.mlflowPost("runs/search", injection), 400, "INVALID_PARAMETER_VALUE");
    injection.put("filter", "params.x = '1'; DROP TABLE runs");
    assertError(http.mlflowPost("runs/search", injection), 400, "INVALID_PARAMETER_VALUE");
    assertError(
        http.mlflowGet("experiments/search", "filter=" + q("name = 'a' UNION SELECT * FROM runs")),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        http.mlflowGet("runs/get", "run_id=" + q("1' OR '1'='1")), 400, "INVALID_PARAMETER_VALUE");
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void missingRequiredFieldUsesMlflowMessage() {
    Resp r = http.mlflowGet("experiments/get", "");
    assertError(r, 400, "INVALID_PARAMETER_VALUE");
    assertThat(r.message()).startsWith("Missing value for required parameter 'experiment_id'.");
    String run = createRun(createExperiment(unique("req")));
    ObjectNode batch = obj().put("run_id", run);
    batch.putArray("metrics").add(obj().put("key", "k").put("value", 1));
    Resp b = http.mlflowPost("runs/log-batch", batch);
    assertError(b, 400, "INVALID_PARAMETER_VALUE");
    assertThat(b.message())
        .startsWith("Missing value for required parameter 'metrics[0].timestamp'.");
  }

  @Test
  void sqlLookingValuesAreStoredVerbatim() {
    String name = unique("x'; DROP TABLE experiments; --");
    String exp = createExperiment(name);
    String run = createRun(exp);
    String value = "'); DELETE FROM runs; -- \" \\ %_";
    ok(
        http.mlflowPost(
            "runs/set-tag", obj().put("run_id", run).put("key", "note").put("value", value)));
    assertThat(getRun(run).at("/data/tags").toString())
        .contains(Http.JSON.valueToTree(value).toString());
    String searchable = "x; DELETE FROM runs WHERE 1=1; -- %_";
    ok(
        http.mlflowPost(
            "runs/set-tag", obj().put("run_id", run).put("key", "sql").put("value", searchable)));
    ObjectNode search = obj().put("filter", "tags.sql = '" + searchable + "'");
    search.putArray("experiment_ids").add(exp);
    Resp r = http.mlflowPost("runs/search", search);
    ok(r);
    assertThat(r.json().get("runs")).hasSize(1);
    search.put("filter", "tags.sql LIKE 'x; DELETE%'");
    assertThat(http.mlflowPost("runs/search", search).json().get("runs")).hasSize(1);
    assertThat(http.mlflowGet("experiments/get-by-name", "experiment_name=" + q(name)).status())
        .isEqualTo(200);
  }

  @Test
  void unicodeAndLongValues() {
    String run = createRun(createExperiment(unique("ünïcödé 実験")));
    String longValue = "é".repeat(6000);
    ok(
        http.mlflowPost(
            "runs/log-parameter",
            obj().put("run_id", run).put("key", "long").put("value", longValue)));
    ok(
        http.mlflowPost(
            "runs/set-tag",
            obj().put("run_id", run).put("key", "emoji").put("value", "🚀 naïve 日本")));
    JsonNode data = getRun(run).get("data");
    assertThat(data.get("params")).contains(obj().put("key", "long").put("value", longValue));
    assertThat(data.get("tags")).contains(obj().put("key", "emoji").put("value", "🚀 naïve 日本"));
  }

  private static List<String> names(JsonNode searchResponse) {
    List<String> out = new ArrayList<>();
    searchResponse.path("experiments").forEach(e -> out.add(e.get("name").asText()));
    return out;
  }
}
