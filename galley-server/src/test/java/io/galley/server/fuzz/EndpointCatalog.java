package io.galley.server.fuzz;

import java.util.List;

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
    DATASETS
  }

  record Field(String name, Kind kind) {}

  /**
   * One endpoint. {@code doomed} names the field whose value a generated request always makes
   * invalid (unknown id, missing, wrong type) so that a mutating request can never succeed. {@code
   * emptyIsValid}: an empty message is a legitimate request (runs/create makes a run).
   */
  record Endpoint(
      String path,
      boolean galley,
      boolean get,
      boolean post,
      boolean mutating,
      String doomed,
      boolean emptyIsValid,
      List<Field> fields) {

    Field field(String name) {
      return fields.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
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
              false,
              true,
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
              true,
              false,
              false,
              "",
              true,
              List.of(
                  f("experiment_id", Kind.EXPERIMENT_ID),
                  f("metric", Kind.STRING),
                  f("agg", Kind.STRING),
                  f("order", Kind.STRING),
                  f("n", Kind.MAX_RESULTS),
                  f("filter", Kind.FILTER))));

  private static Field f(String name, Kind kind) {
    return new Field(name, kind);
  }

  private static Endpoint read(String path, boolean get, boolean post, Field... fields) {
    return new Endpoint(path, false, get, post, false, "", true, List.of(fields));
  }

  private static Endpoint write(String path, String doomed, Field... fields) {
    return new Endpoint(path, false, false, true, true, doomed, false, List.of(fields));
  }
}
