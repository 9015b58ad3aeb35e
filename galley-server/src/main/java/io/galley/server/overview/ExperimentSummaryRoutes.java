package io.galley.server.overview;

import io.galley.client.extension.ExperimentKeysJson;
import io.galley.client.extension.ExperimentSummariesJson;
import io.galley.client.mlflow.WireJson;
import io.galley.core.InvalidRequestException;
import io.galley.core.access.Permission;
import io.galley.core.tracking.ExperimentKeys;
import io.galley.core.tracking.TrackingStore;
import io.galley.server.access.Caller;
import io.galley.server.access.ResourcePermissions;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/2.0/galley/experiments/summary?experiment_ids=1,2}: each experiment's count of
 * active runs and its last activity, for the web UI's experiment list (MLflow's API has no cheap
 * way to count runs). {@code experiment_ids} may repeat or hold a comma-separated list; ids that
 * name no experiment, or one the caller may not read, are left out.
 *
 * <pre>{@code
 * {"summaries": [{"experiment_id": "1", "runs_count": 13, "last_activity": 1700000000000}]}
 * }</pre>
 *
 * <p>{@code GET /api/2.0/galley/experiments/keys?experiment_id=1}: the metric and param keys of the
 * experiment's active runs, sorted, at most {@link TrackingStore#MAX_EXPERIMENT_KEYS} of each: the
 * runs table's columns before its rows are read. {@code {"metric_keys": ["acc", "loss"],
 * "param_keys": ["lr"]}}; an unknown experiment is 404 {@code RESOURCE_DOES_NOT_EXIST}.
 */
public final class ExperimentSummaryRoutes {
  private static final List<String> PATHS =
      List.of("/api/2.0/galley/experiments/summary", "/ajax-api/2.0/galley/experiments/summary");

  private static final List<String> KEY_PATHS =
      List.of("/api/2.0/galley/experiments/keys", "/ajax-api/2.0/galley/experiments/keys");

  private final TrackingStore store;
  private final ResourcePermissions permissions;

  public ExperimentSummaryRoutes(TrackingStore store, ResourcePermissions permissions) {
    this.store = store;
    this.permissions = permissions;
  }

  public void mount(RoutesConfig routing) {
    for (String path : PATHS) {
      routing.get(path, this::summary);
    }
    for (String path : KEY_PATHS) {
      routing.get(path, this::keys);
    }
  }

  private void keys(Context ctx) {
    String id = ctx.queryParam("experiment_id");
    if (id == null || id.isBlank()) {
      throw new InvalidRequestException(
          "Missing value for required parameter 'experiment_id' (e.g. experiment_id=1).");
    }
    Caller.of(ctx, permissions).requireExperiment(id.strip(), Permission.READ);
    ExperimentKeys keys = store.experimentKeys(id.strip());
    ctx.contentType("application/json").result(WireJson.write(ExperimentKeysJson.of(keys)));
  }

  private void summary(Context ctx) {
    List<String> ids = new ArrayList<>();
    for (String value : ctx.queryParams("experiment_ids")) {
      for (String id : value.split(",", -1)) {
        if (!id.isBlank()) {
          ids.add(id.strip());
        }
      }
    }
    if (ids.isEmpty()) {
      throw new InvalidRequestException(
          "Missing value for required parameter 'experiment_ids' (e.g. experiment_ids=1,2).");
    }
    ctx.contentType("application/json")
        .result(
            WireJson.write(
                ExperimentSummariesJson.of(
                    store.summarizeExperiments(
                        Caller.of(ctx, permissions).readableExperiments(ids)))));
  }
}
