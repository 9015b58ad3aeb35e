package io.galley.server.fuzz;

import static io.galley.server.Http.json;
import static io.galley.server.Http.obj;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.server.Http;
import io.galley.server.Http.Resp;
import java.util.List;

/**
 * The known state the fuzzer attacks: two active experiments and a deleted one; four runs with
 * params, metric histories (NaN and Infinity too), tags and a dataset input; one run deleted, one
 * finished. Each run holds the {@link #ARTIFACTS} files, put through the artifact proxy before the
 * run was deleted or finished. In the registry: {@link #MODEL_A} with a tag, versions 1 (from the
 * first run's {@code model} directory, in Production, aliased {@link #ALIAS}, tagged) and 2 (a
 * plain source); {@link #MODEL_B} with version 1 from the second run's proxied location and version
 * 2 deleted. Written through the API itself so it is what clients would have made.
 */
record SeedState(
    List<String> experimentIds,
    List<String> experimentNames,
    List<String> runIds,
    List<String> runExperimentIds,
    String activeRun,
    String deletedRun,
    String activeExperiment,
    String deletedExperiment,
    List<String> metricKeys,
    List<String> pageTokens,
    List<String> modelNames) {

  static final String PROXY = "/api/2.0/mlflow-artifacts/artifacts";
  static final String MODEL_A = "fuzz-model-alpha";
  static final String MODEL_B = "fuzz-model-beta";
  static final String ALIAS = "champion";

  /** Every seeded run's artifact files, relative to its artifact root. */
  static final List<String> ARTIFACTS = List.of("notes/readme.txt", "model/weights.bin");

  static SeedState create(Http http) {
    String a =
        experiment(http, "{'name': 'fuzz-alpha', 'tags': [{'key': 'team', 'value': 'vision'}]}");
    String b = experiment(http, "{'name': 'fuzz-beta'}");
    String c = experiment(http, "{'name': 'fuzz-gamma'}");
    ok(
        http.mlflowPost(
            "experiments/set-experiment-tag",
            json("{'experiment_id': '" + b + "', 'key': 'k', 'value': 'v'}")));
    ok(http.mlflowPost("experiments/delete", obj().put("experiment_id", c)));

    String r1 = run(http, a, "first");
    ok(
        http.mlflowPost(
            "runs/log-batch",
            json(
                "{'run_id': '"
                    + r1
                    + "',"
                    + " 'metrics': ["
                    + points("loss", 5)
                    + ", {'key': 'acc', 'value': 0.9, 'timestamp': 1700000000100, 'step': 4}],"
                    + " 'params': [{'key': 'lr', 'value': '0.1'}, {'key': 'model', 'value':"
                    + " 'cnn'}], 'tags': [{'key': 'note', 'value': 'first run'}]}")));
    ok(
        http.mlflowPost(
            "runs/log-inputs",
            json(
                "{'run_id': '"
                    + r1
                    + "', 'datasets': [{"
                    + "'tags': [{'key': 'mlflow.data.context', 'value': 'training'}],"
                    + "'dataset': {'name': 'iris', 'digest': 'abc123', 'source_type': 'local',"
                    + " 'source': '/data/iris.csv', 'schema': '{}'}}]}")));

    String r2 = run(http, a, "second");
    ok(
        http.mlflowPost(
            "runs/log-metric",
            json(
                "{'run_id': '"
                    + r2
                    + "', 'key': 'loss', 'value': 'NaN', 'timestamp': 1700000000000, 'step': 0}")));
    ok(
        http.mlflowPost(
            "runs/log-metric",
            json(
                "{'run_id': '"
                    + r2
                    + "', 'key': 'loss', 'value': 'Infinity', 'timestamp': 1700000000001, 'step':"
                    + " 1}")));
    ok(
        http.mlflowPost(
            "runs/log-parameter", json("{'run_id': '" + r2 + "', 'key': 'lr', 'value': '0.2'}")));
    ok(
        http.mlflowPost(
            "runs/set-tag", json("{'run_id': '" + r2 + "', 'key': 'owner', 'value': 'ana'}")));

    String r3 = run(http, b, "doomed");
    ok(
        http.mlflowPost(
            "runs/log-metric",
            json(
                "{'run_id': '"
                    + r3
                    + "', 'key': 'loss', 'value': 3, 'timestamp': 1700000000000}")));
    ok(http.mlflowPost("runs/delete", obj().put("run_id", r3)));

    String r4 = run(http, b, "done");
    ok(
        http.mlflowPost(
            "runs/log-batch",
            json("{'run_id': '" + r4 + "', 'metrics': [" + points("acc", 3) + "]}")));
    ok(
        http.mlflowPost(
            "runs/update",
            json("{'run_id': '" + r4 + "', 'status': 'FINISHED', 'end_time': 1700000009999}")));

    registry(http, a, r1, r2);

    return new SeedState(
        List.of("0", a, b, c),
        List.of("Default", "fuzz-alpha", "fuzz-beta", "fuzz-gamma"),
        List.of(r1, r2, r3, r4),
        List.of(a, a, b, b),
        r1,
        r3,
        a,
        c,
        List.of("loss", "acc"),
        List.of(
            token(
                http.mlflowPost(
                    "runs/search", json("{'experiment_ids': ['" + a + "'], 'max_results': 1}"))),
            token(http.mlflowGet("experiments/search", "max_results=1")),
            token(
                http.mlflowGet(
                    "metrics/get-history", "run_id=" + r1 + "&metric_key=loss&max_results=2")),
            token(http.mlflowGet("registered-models/search", "max_results=1")),
            token(http.mlflowGet("model-versions/search", "max_results=1"))),
        List.of(MODEL_A, MODEL_B));
  }

  private static void registry(Http http, String experiment, String r1, String r2) {
    ok(
        http.mlflowPost(
            "registered-models/create",
            json(
                "{'name': '"
                    + MODEL_A
                    + "', 'description': 'seeded',"
                    + " 'tags': [{'key': 'team', 'value': 'vision'}]}")));
    version(http, MODEL_A, "runs:/" + r1 + "/model", r1);
    version(http, MODEL_A, "s3://bucket/fuzz/model", null);
    ok(
        http.mlflowPost(
            "model-versions/transition-stage",
            json(
                "{'name': '"
                    + MODEL_A
                    + "', 'version': '1', 'stage': 'Production',"
                    + " 'archive_existing_versions': false}")));
    ok(
        http.mlflowPost(
            "registered-models/alias",
            json("{'name': '" + MODEL_A + "', 'alias': '" + ALIAS + "', 'version': '1'}")));
    ok(
        http.mlflowPost(
            "model-versions/set-tag",
            json("{'name': '" + MODEL_A + "', 'version': '1', 'key': 'k', 'value': 'v'}")));

    ok(http.mlflowPost("registered-models/create", json("{'name': '" + MODEL_B + "'}")));
    version(http, MODEL_B, "mlflow-artifacts:/" + experiment + "/" + r2 + "/artifacts/model", r2);
    version(http, MODEL_B, "s3://bucket/fuzz/gone", null);
    ok(
        http.send(
            "DELETE",
            "/api/2.0/mlflow/model-versions/delete",
            "{\"name\": \"" + MODEL_B + "\", \"version\": \"2\"}",
            "application/json"));
  }

  private static void version(Http http, String model, String source, String runId) {
    ObjectNode body = obj().put("name", model).put("source", source);
    if (runId != null) {
      body.put("run_id", runId);
    }
    ok(http.mlflowPost("model-versions/create", body));
  }

  /** The real next_page_token of a first page, for the fuzzer to damage. */
  private static String token(Resp r) {
    String t = ok(r).json().path("next_page_token").asText();
    if (t.isEmpty()) {
      throw new AssertionError("expected a next_page_token: " + r.body());
    }
    return t;
  }

  private static String points(String key, int n) {
    StringBuilder out = new StringBuilder();
    for (int step = 0; step < n; step++) {
      out.append(step == 0 ? "" : ", ")
          .append("{'key': '")
          .append(key)
          .append("', 'value': ")
          .append(1.0 / (step + 1))
          .append(", 'timestamp': ")
          .append(1_700_000_000_000L + step)
          .append(", 'step': ")
          .append(step)
          .append('}');
    }
    return out.toString();
  }

  private static String experiment(Http http, String body) {
    Resp r = ok(http.mlflowPost("experiments/create", json(body)));
    return r.json().get("experiment_id").asText();
  }

  private static String run(Http http, String experimentId, String name) {
    Resp r =
        ok(
            http.mlflowPost(
                "runs/create",
                obj()
                    .put("experiment_id", experimentId)
                    .put("run_name", name)
                    .put("start_time", 1_700_000_000_000L)));
    String runId = r.json().at("/run/info/run_id").asText();
    for (String file : ARTIFACTS) {
      ok(
          http.send(
              "PUT",
              PROXY + "/" + experimentId + "/" + runId + "/artifacts/" + file,
              name + " " + file + "\n",
              "application/octet-stream"));
    }
    return runId;
  }

  /** The proxy path of a run's artifact root, {@code <experiment_id>/<run_id>/artifacts}. */
  String root(int run) {
    return runExperimentIds.get(run) + "/" + runIds.get(run) + "/artifacts";
  }

  private static Resp ok(Resp r) {
    if (r.status() != 200) {
      throw new AssertionError("seeding failed: " + r.status() + " " + r.body());
    }
    return r;
  }
}
