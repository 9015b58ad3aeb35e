package io.galley.server.overview;

import io.galley.client.extension.LeaderboardJson;
import io.galley.client.mlflow.WireJson;
import io.galley.core.InvalidRequestException;
import io.galley.core.access.Permission;
import io.galley.core.search.FilterParser;
import io.galley.core.search.SearchTarget;
import io.galley.core.tracking.LeaderboardEntry;
import io.galley.core.tracking.LeaderboardQuery;
import io.galley.core.tracking.MetricAggregate;
import io.galley.core.tracking.TrackingStore;
import io.galley.server.access.Caller;
import io.galley.server.access.ResourcePermissions;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/2.0/galley/leaderboard}: an experiment's active runs ranked by one metric.
 *
 * <p>Query parameters: {@code experiment_id} and {@code metric} (required); {@code agg} = {@code
 * last} (default), {@code min} or {@code max} — which of each run's values ranks it; {@code order}
 * = {@code desc} (default, highest first) or {@code asc}; {@code from} = {@code top} (default) or
 * {@code bottom}, which reads the same ranking from its last row up (the worst runs, worst first:
 * ties are ranked by start time, the later first, then run id, as runs/search orders them, so the
 * first entry from the bottom is the ranking's last row); {@code n} = how many entries (default 10,
 * at most 1000); {@code filter} = an MLflow runs filter ({@code params.model = 'cnn'}). Runs that
 * never logged the metric are left out; runs whose value is NaN come last from either end.
 *
 * <p>Response:
 *
 * <pre>{@code
 * {"entries": [
 *   {"rank": 1,
 *    "run": { ...the Run exactly as runs/get returns it... },
 *    "metric": {"key": "acc",
 *               "last": {"value": 0.93, "step": 9, "timestamp": 1700000000000},
 *               "min":  {"value": 0.41, "step": 0},
 *               "max":  {"value": 0.95, "step": 7}}}
 * ]}
 * }</pre>
 *
 * Values follow the MLflow API's conventions ({@code "NaN"}, {@code "Infinity"} as strings); {@code
 * entries} is left out when no run qualifies. Errors use MLflow's error body.
 */
public final class LeaderboardRoutes {
  static final int DEFAULT_LIMIT = 10;
  private static final List<String> PATHS =
      List.of("/api/2.0/galley/leaderboard", "/ajax-api/2.0/galley/leaderboard");

  private final TrackingStore store;
  private final ResourcePermissions permissions;

  public LeaderboardRoutes(TrackingStore store, ResourcePermissions permissions) {
    this.store = store;
    this.permissions = permissions;
  }

  public void mount(RoutesConfig routing) {
    for (String path : PATHS) {
      routing.get(path, this::leaderboard);
    }
  }

  private void leaderboard(Context ctx) {
    LeaderboardQuery query =
        new LeaderboardQuery(
            required(ctx, "experiment_id"),
            required(ctx, "metric"),
            MetricAggregate.parse(ctx.queryParam("agg")),
            descending(ctx.queryParam("order")),
            fromBottom(ctx.queryParam("from")),
            limit(ctx.queryParam("n")),
            FilterParser.parse(ctx.queryParam("filter"), SearchTarget.RUNS));
    Caller.of(ctx, permissions).requireExperiment(query.experimentId(), Permission.READ);
    List<LeaderboardEntry> entries = store.leaderboard(query);
    ctx.contentType("application/json").result(WireJson.write(LeaderboardJson.of(entries)));
  }

  private static String required(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isEmpty()) {
      throw new InvalidRequestException("Missing value for required parameter '" + name + "'.");
    }
    return value;
  }

  private static boolean descending(@Nullable String order) {
    if (order == null || order.isEmpty()) {
      return true;
    }
    return switch (order.toLowerCase(Locale.ROOT)) {
      case "desc" -> true;
      case "asc" -> false;
      default ->
          throw new InvalidRequestException("Invalid order '" + order + "': use desc or asc");
    };
  }

  private static boolean fromBottom(@Nullable String from) {
    if (from == null || from.isEmpty()) {
      return false;
    }
    return switch (from.toLowerCase(Locale.ROOT)) {
      case "top" -> false;
      case "bottom" -> true;
      default ->
          throw new InvalidRequestException("Invalid from '" + from + "': use top or bottom");
    };
  }

  private static int limit(@Nullable String n) {
    if (n == null || n.isEmpty()) {
      return DEFAULT_LIMIT;
    }
    try {
      return Integer.parseInt(n);
    } catch (NumberFormatException e) {
      throw new InvalidRequestException(
          "Invalid n '" + n + "': use a whole number from 1 to " + LeaderboardQuery.MAX_LIMIT);
    }
  }
}
