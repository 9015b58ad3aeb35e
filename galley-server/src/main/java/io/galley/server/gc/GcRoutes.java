package io.galley.server.gc;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.client.extension.GcJson;
import io.galley.client.extension.ImageRegistryGcJson;
import io.galley.client.mlflow.WireJson;
import io.galley.core.InvalidRequestException;
import io.galley.core.blob.BlobCollector;
import io.galley.core.blob.GcReport;
import io.galley.oci.registry.ImageRegistry;
import io.galley.oci.registry.ImageRegistryGcReport;
import io.galley.server.http.JsonObjectBody;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;

/**
 * {@code POST /api/2.0/galley/gc}: deletes blobs that nothing references and that were stored
 * longer ago than a grace period.
 *
 * <p>Body (every field optional): {@code {"dry_run": false, "grace_seconds": 3600}}. A dry run only
 * counts. Uploads in flight hold their blobs against any grace period, zero included (see {@link
 * BlobCollector}).
 *
 * <p>Response:
 *
 * <pre>{@code
 * {"dry_run": false, "grace_seconds": 3600, "scanned": 12, "referenced": 9,
 *  "kept_young": 1, "kept_in_use": 0, "deleted": 2, "bytes_freed": 52428800,
 *  "temp_files_reclaimed": 0, "temp_bytes_reclaimed": 0}
 * }</pre>
 *
 * {@code deleted} and {@code bytes_freed} are what a dry run would delete. A collection already
 * running in this server answers 409 {@code RESOURCE_CONFLICT} at once rather than queueing, since
 * the second would find nothing left to do. Errors use MLflow's error body.
 *
 * <p>{@code POST /api/2.0/galley/registry/gc} first tidies the image registry's metadata, then
 * collects blobs as above (never a dry run). Body (every field optional): {@code {"grace_seconds":
 * 3600, "delete_untagged": false, "upload_expiry_seconds": 86400}}. It removes upload sessions
 * older than the expiry, untagged manifests when asked (never one an index or a live subject
 * needs), and repository links to blobs no manifest of the repository references; the last two only
 * when older than the grace period, and, for links and manifests a push sent that nothing has named
 * yet, older than the upload expiry too, so a push in flight (layers first, manifest last) loses
 * nothing at any grace. Response: {@code {"uploads_expired": 0, "manifests_deleted": 1,
 * "blobs_unlinked": 2, "blobs": {...the gc response above...}}}.
 */
public final class GcRoutes {
  private static final List<String> PATHS =
      List.of("/api/2.0/galley/gc", "/ajax-api/2.0/galley/gc");

  private static final List<String> REGISTRY_PATHS =
      List.of("/api/2.0/galley/registry/gc", "/ajax-api/2.0/galley/registry/gc");

  /** How long an upload may sit unfinished before registry gc forgets it. */
  public static final Duration DEFAULT_UPLOAD_EXPIRY = Duration.ofDays(1);

  static final long MAX_PERIOD_SECONDS = Duration.ofDays(36_525).toSeconds();

  private final BlobCollector collector;
  private final ImageRegistry images;

  public GcRoutes(BlobCollector collector, ImageRegistry images) {
    this.collector = collector;
    this.images = images;
  }

  public void mount(RoutesConfig routing) {
    for (String path : PATHS) {
      routing.post(path, this::gc);
    }
    for (String path : REGISTRY_PATHS) {
      routing.post(path, this::registryGc);
    }
  }

  private void registryGc(Context ctx) {
    JsonNode body = JsonObjectBody.parse(ctx.body());
    Duration grace =
        seconds(body.path("grace_seconds"), "grace_seconds", BlobCollector.DEFAULT_GRACE);
    Duration expiry =
        seconds(body.path("upload_expiry_seconds"), "upload_expiry_seconds", DEFAULT_UPLOAD_EXPIRY);
    boolean deleteUntagged = flag(body.path("delete_untagged"), "delete_untagged");
    ImageRegistryGcReport registry = images.collectGarbage(grace, deleteUntagged, expiry);
    GcReport blobs = collector.collect(grace, false);
    ctx.contentType("application/json")
        .result(
            WireJson.write(
                new ImageRegistryGcJson(
                    registry.uploadsExpired(),
                    registry.manifestsDeleted(),
                    registry.blobsUnlinked(),
                    GcJson.of(blobs))));
  }

  private void gc(Context ctx) {
    JsonNode body = JsonObjectBody.parse(ctx.body());
    boolean dryRun = flag(body.path("dry_run"), "dry_run");
    Duration grace =
        seconds(body.path("grace_seconds"), "grace_seconds", BlobCollector.DEFAULT_GRACE);
    GcReport report = collector.collect(grace, dryRun);
    ctx.contentType("application/json").result(WireJson.write(GcJson.of(report)));
  }

  private static boolean flag(JsonNode value, String name) {
    if (value.isMissingNode() || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw new InvalidRequestException(
          "Invalid value " + value + " for parameter '" + name + "': use true or false");
    }
    return value.booleanValue();
  }

  private static Duration seconds(JsonNode value, String name, Duration absent) {
    if (value.isMissingNode() || value.isNull()) {
      return absent;
    }
    // A period longer than this cannot be taken from the clock: 400, not an overflow's 500.
    if (!value.canConvertToExactIntegral()
        || !value.canConvertToLong()
        || value.asLong() < 0
        || value.asLong() > MAX_PERIOD_SECONDS) {
      throw new InvalidRequestException(
          "Invalid value "
              + value
              + " for parameter '"
              + name
              + "': use a whole number of seconds from 0 to "
              + MAX_PERIOD_SECONDS
              + " (100 years)");
    }
    return Duration.ofSeconds(value.asLong());
  }
}
