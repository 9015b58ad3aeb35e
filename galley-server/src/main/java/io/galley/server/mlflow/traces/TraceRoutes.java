package io.galley.server.mlflow.traces;

import io.galley.client.mlflow.WireJson;
import io.galley.core.ErrorCode;
import io.galley.core.access.Permission;
import io.galley.core.blob.BlobStore;
import io.galley.core.tracing.NewTrace;
import io.galley.core.tracing.TraceDeletion;
import io.galley.core.tracing.TraceEnd;
import io.galley.core.tracing.TraceInfo;
import io.galley.core.tracing.TraceQuery;
import io.galley.core.tracing.TraceSearchParser;
import io.galley.core.tracing.TraceStatus;
import io.galley.core.tracing.TraceStore;
import io.galley.core.tracking.Page;
import io.galley.server.access.Caller;
import io.galley.server.access.ResourcePermissions;
import io.galley.server.http.HttpError;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * MLflow 2.17's trace endpoints ({@code mlflow/protos/service.proto}, handlers in {@code
 * mlflow/server/handlers.py}) under {@code /api/2.0/mlflow/} and {@code /ajax-api/2.0/mlflow/}:
 *
 * <ul>
 *   <li>{@code POST traces} StartTrace, {@code PATCH traces/{request_id}} EndTrace, {@code GET
 *       traces/{request_id}/info} GetTraceInfo;
 *   <li>{@code GET traces} SearchTraces (query parameters), {@code POST traces/delete-traces}
 *       DeleteTraces;
 *   <li>{@code PATCH} / {@code DELETE traces/{request_id}/tags} SetTraceTag / DeleteTraceTag;
 *   <li>{@code GET get-trace-artifact?request_id=} the trace's {@code traces.json}, as MLflow's UI
 *       reads it.
 * </ul>
 *
 * Mount before the artifact proxy: {@link TraceDataRoutes} takes the proxy's trace paths.
 */
public final class TraceRoutes {
  private static final List<String> PREFIXES = List.of("/api/2.0/mlflow/", "/ajax-api/2.0/mlflow/");

  private final TraceStore traces;
  private final BlobStore blobs;
  private final long maxBodyBytes;
  private final ResourcePermissions permissions;

  public TraceRoutes(
      TraceStore traces, BlobStore blobs, long maxBodyBytes, ResourcePermissions permissions) {
    this.traces = traces;
    this.blobs = blobs;
    this.maxBodyBytes = maxBodyBytes;
    this.permissions = permissions;
  }

  public void mount(RoutesConfig routing) {
    TraceDataRoutes data = new TraceDataRoutes(traces, blobs, permissions);
    for (String prefix : PREFIXES) {
      routing.post(prefix + "traces", ctx -> json(ctx, start(ctx, request(ctx))));
      routing.get(prefix + "traces", ctx -> json(ctx, search(ctx, request(ctx))));
      routing.post(prefix + "traces/delete-traces", ctx -> json(ctx, delete(ctx, request(ctx))));
      routing.patch(prefix + "traces/{request_id}", ctx -> json(ctx, end(ctx, request(ctx))));
      routing.get(
          prefix + "traces/{request_id}/info",
          ctx ->
              json(
                  ctx,
                  TraceInfoJson.Response.of(requireTrace(ctx, requestId(ctx), Permission.READ))));
      routing.patch(prefix + "traces/{request_id}/tags", ctx -> json(ctx, setTag(ctx)));
      routing.delete(prefix + "traces/{request_id}/tags", ctx -> json(ctx, deleteTag(ctx)));
      routing.get(prefix + "get-trace-artifact", data::getTraceArtifact);
    }
    data.mount(routing);
  }

  private TraceRequest request(Context ctx) {
    return TraceRequest.of(ctx, maxBodyBytes);
  }

  /** The trace, once the caller is found to have {@code needed} on its experiment. */
  private TraceInfo requireTrace(Context ctx, String requestId, Permission needed) {
    TraceInfo trace = traces.getTraceInfo(requestId);
    Caller.of(ctx, permissions).requireExperiment(trace.experimentId(), needed);
    return trace;
  }

  private Object start(Context ctx, TraceRequest r) {
    Long timestamp = r.int64("timestamp_ms");
    String experimentId = r.requiredString("experiment_id");
    Caller.of(ctx, permissions).requireExperiment(experimentId, Permission.EDIT);
    TraceInfo info =
        traces.startTrace(
            new NewTrace(
                experimentId,
                timestamp == null ? 0 : timestamp,
                r.entries("request_metadata"),
                r.entries("tags")));
    return TraceInfoJson.Response.of(info);
  }

  private Object end(Context ctx, TraceRequest r) {
    Long timestamp = r.int64("timestamp_ms");
    String status = r.enumName("status");
    requireTrace(ctx, requestId(ctx), Permission.EDIT);
    TraceInfo info =
        traces.endTrace(
            new TraceEnd(
                requestId(ctx),
                timestamp == null ? 0 : timestamp,
                status == null ? TraceStatus.TRACE_STATUS_UNSPECIFIED : TraceStatus.parse(status),
                r.entries("request_metadata"),
                r.entries("tags")));
    return TraceInfoJson.Response.of(info);
  }

  private Object search(Context ctx, TraceRequest r) {
    Integer max = r.int32("max_results");
    Page<TraceInfo> page =
        traces.searchTraces(
            new TraceQuery(
                Caller.of(ctx, permissions).readableExperiments(r.strings("experiment_ids")),
                TraceSearchParser.parseFilter(r.string("filter")),
                TraceSearchParser.parseOrderBy(r.strings("order_by")),
                max == null ? TraceQuery.DEFAULT_MAX_RESULTS : max,
                r.string("page_token")));
    List<TraceInfoJson> items = page.items().stream().map(TraceInfoJson::of).toList();
    return new TraceInfoJson.SearchResponse(items.isEmpty() ? null : items, page.nextPageToken());
  }

  private Object delete(Context ctx, TraceRequest r) {
    String experimentId = r.requiredString("experiment_id");
    Caller.of(ctx, permissions).requireExperiment(experimentId, Permission.MANAGE);
    int deleted =
        traces.deleteTraces(
            new TraceDeletion(
                experimentId,
                r.int64("max_timestamp_millis"),
                r.int32("max_traces"),
                r.strings("request_ids")));
    return new TraceInfoJson.DeleteResponse(deleted);
  }

  private Object setTag(Context ctx) {
    TraceRequest r = request(ctx);
    requireTrace(ctx, requestId(ctx), Permission.EDIT);
    traces.setTraceTag(requestId(ctx), r.requiredString("key"), valueOrEmpty(r.string("value")));
    return Map.of();
  }

  private Object deleteTag(Context ctx) {
    TraceRequest r = request(ctx);
    requireTrace(ctx, requestId(ctx), Permission.EDIT);
    traces.deleteTraceTag(requestId(ctx), r.requiredString("key"));
    return Map.of();
  }

  private static String valueOrEmpty(@org.jspecify.annotations.Nullable String value) {
    return value == null ? "" : value;
  }

  static String requestId(Context ctx) {
    String id = ctx.pathParam("request_id");
    if (id.isEmpty()) {
      throw new HttpError(400, ErrorCode.INVALID_PARAMETER_VALUE, "The request_id is empty");
    }
    return id;
  }

  static void json(Context ctx, Object body) {
    ctx.contentType("application/json").result(WireJson.write(body));
  }
}
