package io.galley.server.fuzz;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every endpoint the server mounts, with the fields of its request message. The fuzzers read this
 * to know which fields to break, which methods are right, and which endpoints write.
 */
final class EndpointCatalog {
  static final List<String> MLFLOW_PREFIXES = List.of("/api/2.0/mlflow/", "/ajax-api/2.0/mlflow/");
  static final List<String> GALLEY_PREFIXES = List.of("/api/2.0/galley/", "/ajax-api/2.0/galley/");

  /** What a field holds; the generators choose bad values by kind. */
  enum Kind {
    EXPERIMENT_ID,
    RUN_ID,
    EXPERIMENT_NAME,
    STRING,
    INT64,
    DOUBLE,
    VIEW_TYPE,
    RUN_STATUS,
    FILTER,
    ORDER_BY,
    PAGE_TOKEN,
    MAX_RESULTS,
    EXPERIMENT_IDS,
    RUN_IDS,
    TAGS,
    METRICS,
    PARAMS,
    DATASETS,
    /** The name of a registered model the request acts on. */
    MODEL_NAME,
    /** The name a registered model would be given (create, rename). */
    NEW_MODEL_NAME,
    VERSION,
    ALIAS,
    STAGE,
    STAGES,
    BOOL,
    SOURCE,
    MODEL_FILTER,
    MODEL_ORDER_BY
  }

  record Field(String name, Kind kind) {}

  /**
   * One endpoint: a path and the methods that reach this handler (a path may have several
   * endpoints, e.g. {@code registered-models/alias}). {@code doomed} names the field whose value a
   * generated request always makes invalid (unknown id, missing, wrong type) so that a mutating
   * request can never succeed. {@code emptyIsValid}: an empty message is a legitimate request
   * (runs/create makes a run).
   */
  record Endpoint(
      String path,
      boolean galley,
      Set<String> methods,
      boolean mutating,
      String doomed,
      boolean emptyIsValid,
      List<Field> fields) {

    Endpoint {
      methods = Set.copyOf(methods);
    }

    Field field(String name) {
      return fields.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    boolean get() {
      return methods.contains("GET");
    }

    boolean post() {
      return methods.contains("POST");
    }

    boolean delete() {
      return methods.contains("DELETE");
    }

    /** The method whose message is a JSON body: POST, else PATCH, else DELETE, else GET. */
    String bodyMethod() {
      for (String m : List.of("POST", "PATCH", "DELETE")) {
        if (methods.contains(m)) {
          return m;
        }
      }
      return "GET";
    }

    /** Every method some endpoint at this path answers; the rest must be refused. */
    Set<String> methodsAtPath() {
      Set<String> all = new TreeSet<>();
      ALL.stream().filter(e -> e.path().equals(path)).forEach(e -> all.addAll(e.methods()));
      return all;
    }
  }

  private EndpointCatalog() {}

  static final List<Endpoint> ALL =
      List.of(
          write(
              "experiments/create",
              "name",
              f("name", Kind.EXPERIMENT_NAME),
              f("artifact_location", Kind.STRING),
              f("tags", Kind.TAGS)),
          read("experiments/get", true, false, f("experiment_id", Kind.EXPERIMENT_ID)),
          read("experiments/get-by-name", true, false, f("experiment_name", Kind.EXPERIMENT_NAME)),
          read(
              "experiments/search",
              true,
              true,
              f("filter", Kind.FILTER),
              f("view_type", Kind.VIEW_TYPE),
              f("max_results", Kind.MAX_RESULTS),
              f("order_by", Kind.ORDER_BY),
              f("page_token", Kind.PAGE_TOKEN)),
          write(
              "experiments/update",
              "experiment_id",
              f("experiment_id", Kind.EXPERIMENT_ID),
              f("new_name", Kind.EXPERIMENT_NAME)),
          write("experiments/delete", "experiment_id", f("experiment_id", Kind.EXPERIMENT_ID)),
          write("experiments/restore", "experiment_id", f("experiment_id", Kind.EXPERIMENT_ID)),
          write(
              "experiments/set-experiment-tag",
              "experiment_id",
              f("experiment_id", Kind.EXPERIMENT_ID),
              f("key", Kind.STRING),
              f("value", Kind.STRING)),
          write(
              "experiments/delete-experiment-tag",
              "experiment_id",
              f("experiment_id", Kind.EXPERIMENT_ID),
              f("key", Kind.STRING)),
          new Endpoint(
              "runs/create",
              false,
              Set.of("POST"),
              true,
              "experiment_id",
              true,
              List.of(
                  f("experiment_id", Kind.EXPERIMENT_ID),
                  f("user_id", Kind.STRING),
                  f("run_name", Kind.STRING),
                  f("start_time", Kind.INT64),
                  f("tags", Kind.TAGS))),
          read("runs/get", true, false, f("run_id", Kind.RUN_ID), f("run_uuid", Kind.RUN_ID)),
          write(
              "runs/update",
              "run_id",
              f("run_id", Kind.RUN_ID),
              f("run_uuid", Kind.RUN_ID),
              f("status", Kind.RUN_STATUS),
              f("end_time", Kind.INT64),
              f("run_name", Kind.STRING)),
          write("runs/delete", "run_id", f("run_id", Kind.RUN_ID)),
          write("runs/restore", "run_id", f("run_id", Kind.RUN_ID)),
          read(
              "runs/search",
              false,
              true,
              f("experiment_ids", Kind.EXPERIMENT_IDS),
              f("filter", Kind.FILTER),
              f("run_view_type", Kind.VIEW_TYPE),
              f("max_results", Kind.MAX_RESULTS),
              f("order_by", Kind.ORDER_BY),
              f("page_token", Kind.PAGE_TOKEN)),
          write(
              "runs/log-metric",
              "run_id",
              f("run_id", Kind.RUN_ID),
              f("run_uuid", Kind.RUN_ID),
              f("key", Kind.STRING),
              f("value", Kind.DOUBLE),
              f("timestamp", Kind.INT64),
              f("step", Kind.INT64)),
          write(
              "runs/log-parameter",
              "run_id",
              f("run_id", Kind.RUN_ID),
              f("run_uuid", Kind.RUN_ID),
              f("key", Kind.STRING),
              f("value", Kind.STRING)),
          write(
              "runs/set-tag",
              "run_id",
              f("run_id", Kind.RUN_ID),
              f("run_uuid", Kind.RUN_ID),
              f("key", Kind.STRING),
              f("value", Kind.STRING)),
          write("runs/delete-tag", "run_id", f("run_id", Kind.RUN_ID), f("key", Kind.STRING)),
          write(
              "runs/log-batch",
              "run_id",
              f("run_id", Kind.RUN_ID),
              f("metrics", Kind.METRICS),
              f("params", Kind.PARAMS),
              f("tags", Kind.TAGS)),
          write(
              "runs/log-inputs", "run_id", f("run_id", Kind.RUN_ID), f("datasets", Kind.DATASETS)),
          write("runs/log-model", "run_id", f("run_id", Kind.RUN_ID), f("model_json", Kind.STRING)),
          read(
              "metrics/get-history",
              true,
              false,
              f("run_id", Kind.RUN_ID),
              f("run_uuid", Kind.RUN_ID),
              f("metric_key", Kind.STRING),
              f("max_results", Kind.MAX_RESULTS),
              f("page_token", Kind.PAGE_TOKEN)),
          read(
              "metrics/get-history-bulk-interval",
              true,
              false,
              f("run_ids", Kind.RUN_IDS),
              f("metric_key", Kind.STRING),
              f("start_step", Kind.INT64),
              f("end_step", Kind.INT64),
              f("max_results", Kind.MAX_RESULTS)),
          new Endpoint(
              "leaderboard",
              true,
              Set.of("GET"),
              false,
              "",
              true,
              List.of(
                  f("experiment_id", Kind.EXPERIMENT_ID),
                  f("metric", Kind.STRING),
                  f("agg", Kind.STRING),
                  f("order", Kind.STRING),
                  f("from", Kind.STRING),
                  f("n", Kind.MAX_RESULTS),
                  f("filter", Kind.FILTER))),
          new Endpoint(
              "experiments/summary",
              true,
              Set.of("GET"),
              false,
              "",
              true,
              List.of(f("experiment_ids", Kind.EXPERIMENT_IDS))),
          new Endpoint(
              "experiments/keys",
              true,
              Set.of("GET"),
              false,
              "",
              true,
              List.of(f("experiment_id", Kind.EXPERIMENT_ID))),
          // ---- the model registry
          write(
              "registered-models/create",
              "name",
              f("name", Kind.NEW_MODEL_NAME),
              f("tags", Kind.TAGS),
              f("description", Kind.STRING)),
          read("registered-models/get", true, false, f("name", Kind.MODEL_NAME)),
          write(
              "registered-models/rename",
              "name",
              f("name", Kind.MODEL_NAME),
              f("new_name", Kind.NEW_MODEL_NAME)),
          write(
              "PATCH",
              "registered-models/update",
              "name",
              f("name", Kind.MODEL_NAME),
              f("description", Kind.STRING)),
          write("DELETE", "registered-models/delete", "name", f("name", Kind.MODEL_NAME)),
          read(
              "registered-models/search",
              true,
              false,
              f("filter", Kind.MODEL_FILTER),
              f("max_results", Kind.MAX_RESULTS),
              f("order_by", Kind.MODEL_ORDER_BY),
              f("page_token", Kind.PAGE_TOKEN)),
          read(
              "registered-models/get-latest-versions",
              true,
              true,
              f("name", Kind.MODEL_NAME),
              f("stages", Kind.STAGES)),
          write(
              "registered-models/set-tag",
              "name",
              f("name", Kind.MODEL_NAME),
              f("key", Kind.STRING),
              f("value", Kind.STRING)),
          write(
              "DELETE",
              "registered-models/delete-tag",
              "name",
              f("name", Kind.MODEL_NAME),
              f("key", Kind.STRING)),
          write(
              "registered-models/alias",
              "name",
              f("name", Kind.MODEL_NAME),
              f("alias", Kind.ALIAS),
              f("version", Kind.VERSION)),
          write(
              "DELETE",
              "registered-models/alias",
              "name",
              f("name", Kind.MODEL_NAME),
              f("alias", Kind.ALIAS)),
          read(
              "registered-models/alias",
              true,
              false,
              f("name", Kind.MODEL_NAME),
              f("alias", Kind.ALIAS)),
          write(
              "model-versions/create",
              "name",
              f("name", Kind.MODEL_NAME),
              f("source", Kind.SOURCE),
              f("run_id", Kind.RUN_ID),
              f("tags", Kind.TAGS),
              f("run_link", Kind.STRING),
              f("description", Kind.STRING)),
          read(
              "model-versions/get",
              true,
              false,
              f("name", Kind.MODEL_NAME),
              f("version", Kind.VERSION)),
          write(
              "PATCH",
              "model-versions/update",
              "name",
              f("name", Kind.MODEL_NAME),
              f("version", Kind.VERSION),
              f("description", Kind.STRING)),
          write(
              "DELETE",
              "model-versions/delete",
              "name",
              f("name", Kind.MODEL_NAME),
              f("version", Kind.VERSION)),
          read(
              "model-versions/search",
              true,
              false,
              f("filter", Kind.MODEL_FILTER),
              f("max_results", Kind.MAX_RESULTS),
              f("order_by", Kind.MODEL_ORDER_BY),
              f("page_token", Kind.PAGE_TOKEN)),
          read(
              "model-versions/get-download-uri",
              true,
              false,
              f("name", Kind.MODEL_NAME),
              f("version", Kind.VERSION)),
          write(
              "model-versions/set-tag",
              "name",
              f("name", Kind.MODEL_NAME),
              f("version", Kind.VERSION),
              f("key", Kind.STRING),
              f("value", Kind.STRING)),
          write(
              "DELETE",
              "model-versions/delete-tag",
              "name",
              f("name", Kind.MODEL_NAME),
              f("version", Kind.VERSION),
              f("key", Kind.STRING)),
          write(
              "model-versions/transition-stage",
              "name",
              f("name", Kind.MODEL_NAME),
              f("version", Kind.VERSION),
              f("stage", Kind.STAGE),
              f("archive_existing_versions", Kind.BOOL)));

  private static Field f(String name, Kind kind) {
    return new Field(name, kind);
  }

  private static Endpoint read(String path, boolean get, boolean post, Field... fields) {
    Set<String> methods = new TreeSet<>();
    if (get) {
      methods.add("GET");
    }
    if (post) {
      methods.add("POST");
    }
    return new Endpoint(path, false, methods, false, "", true, List.of(fields));
  }

  private static Endpoint write(String path, String doomed, Field... fields) {
    return write("POST", path, doomed, fields);
  }

  private static Endpoint write(String method, String path, String doomed, Field... fields) {
    return new Endpoint(path, false, Set.of(method), true, doomed, false, List.of(fields));
  }
}
