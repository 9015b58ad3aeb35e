package io.galley.server.galley;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.core.ErrorCode;
import io.galley.core.InvalidRequestException;
import io.galley.core.blob.BlobCollector;
import io.galley.core.blob.GcReport;
import io.galley.server.mlflow.json.WireJson;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRouting;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * {@code POST /api/2.0/galley/gc}: deletes blobs that nothing references and that were stored
 * longer ago than a grace period.
 *
 * <p>Body (every field optional): {@code {"dry_run": false, "grace_seconds": 3600}}. A dry run only
 * counts. The grace period is what keeps uploads in flight safe (see {@link BlobCollector}); lower
 * it only when no upload is running.
 *
 * <p>Response:
 *
 * <pre>{@code
 * {"dry_run": false, "grace_seconds": 3600, "scanned": 12, "referenced": 9,
 *  "kept_young": 1, "deleted": 2, "bytes_freed": 52428800}
 * }</pre>
 *
 * {@code deleted} and {@code bytes_freed} are what a dry run would delete. A collection already
 * running in this server answers 409 {@code RESOURCE_CONFLICT} at once rather than queueing, since
 * the second would find nothing left to do. Errors use MLflow's error body.
 */
public final class GcRoutes {
  private static final List<String> PATHS =
      List.of("/api/2.0/galley/gc", "/ajax-api/2.0/galley/gc");

  private final BlobCollector collector;

  public GcRoutes(BlobCollector collector) {
    this.collector = collector;
  }

  public void mount(JavalinDefaultRouting routing) {
    for (String path : PATHS) {
      routing.post(path, this::gc);
    }
  }

  private void gc(Context ctx) {
    JsonNode body = body(ctx.body());
    boolean dryRun = dryRun(body.path("dry_run"));
    Duration grace = grace(body.path("grace_seconds"));
    GcReport report = collector.collect(grace, dryRun);
    ctx.contentType("application/json").result(WireJson.write(GcJson.of(report)));
  }

  private static JsonNode body(String text) {
    if (text.isBlank()) {
      return WireJson.mapper().createObjectNode();
    }
    JsonNode tree;
    try {
      tree = WireJson.readTree(text);
    } catch (IOException e) {
      throw new InvalidRequestException(
          ErrorCode.BAD_REQUEST, "Malformed JSON in request body: expected a JSON object");
    }
    if (!tree.isObject()) {
      throw new InvalidRequestException(
          ErrorCode.BAD_REQUEST, "Malformed request body: expected a JSON object");
    }
    return tree;
  }

  private static boolean dryRun(JsonNode value) {
    if (value.isMissingNode() || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw new InvalidRequestException(
          "Invalid value " + value + " for parameter 'dry_run': use true or false");
    }
    return value.booleanValue();
  }

  private static Duration grace(JsonNode value) {
    if (value.isMissingNode() || value.isNull()) {
      return BlobCollector.DEFAULT_GRACE;
    }
    if (!value.canConvertToExactIntegral() || !value.canConvertToLong() || value.asLong() < 0) {
      throw new InvalidRequestException(
          "Invalid value "
              + value
              + " for parameter 'grace_seconds': use a whole number of seconds, 0 or more");
    }
    return Duration.ofSeconds(value.asLong());
  }
}
