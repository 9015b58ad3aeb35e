package io.galley.server.mlflow.traces;

import io.galley.client.mlflow.WireJson;
import io.galley.core.ErrorCode;
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

  public TraceRoutes(TraceStore traces, BlobStore blobs, long maxBodyBytes) {
    this.traces = traces;
    this.blobs = blobs;
    this.maxBodyBytes = maxBodyBytes;
  }

  public void mount(RoutesConfig routing) {
    TraceDataRoutes data = new TraceDataRoutes(traces, blobs);
    for (String prefix : PREFIXES) {
      routing.post(prefix + "traces", ctx -> json(ctx, start(request(ctx))));
      routing.get(prefix + "traces", ctx -> json(ctx, search(request(ctx))));
      routing.post(prefix + "traces/delete-traces", ctx -> json(ctx, delete(request(ctx))));
      routing.patch(prefix + "traces/{request_id}", ctx -> json(ctx, end(ctx, request(ctx))));
      routing.get(
          prefix + "traces/{request_id}/info",
          ctx -> json(ctx, TraceInfoJson.Response.of(traces.getTraceInfo(requestId(ctx)))));
      routing.patch(prefix + "traces/{request_id}/tags", ctx -> json(ctx, setTag(ctx)));
      routing.delete(prefix + "traces/{request_id}/tags", ctx -> json(ctx, deleteTag(ctx)));
      routing.get(prefix + "get-trace-artifact", data::getTraceArtifact);
    }
    data.mount(routing);
  }

  private TraceRequest request(Context ctx) {
    return TraceRequest.of(ctx, maxBodyBytes);
  }

  private Object start(TraceRequest r) {
    Long timestamp = r.int64("timestamp_ms");
    TraceInfo info =
        traces.startTrace(
            new NewTrace(
                r.requiredString("experiment_id"),
                timestamp == null ? 0 : timestamp,
                r.entries("request_metadata"),
                r.entries("tags")));
    return TraceInfoJson.Response.of(info);
  }

  private Object end(Context ctx, TraceRequest r) {
    Long timestamp = r.int64("timestamp_ms");
    String status = r.enumName("status");
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

  private Object search(TraceRequest r) {
    Integer max = r.int32("max_results");
    Page<TraceInfo> page =
        traces.searchTraces(
            new TraceQuery(
                r.strings("experiment_ids"),
                TraceSearchParser.parseFilter(r.string("filter")),
                TraceSearchParser.parseOrderBy(r.strings("order_by")),
                max == null ? TraceQuery.DEFAULT_MAX_RESULTS : max,
                r.string("page_token")));
    List<TraceInfoJson> items = page.items().stream().map(TraceInfoJson::of).toList();
    return new TraceInfoJson.SearchResponse(items.isEmpty() ? null : items, page.nextPageToken());
  }

  private Object delete(TraceRequest r) {
    int deleted =
        traces.deleteTraces(
            new TraceDeletion(
                r.requiredString("experiment_id"),
                r.int64("max_timestamp_millis"),
                r.int32("max_traces"),
                r.strings("request_ids")));
    return new TraceInfoJson.DeleteResponse(deleted);
  }

  private Object setTag(Context ctx) {
    TraceRequest r = request(ctx);
    traces.setTraceTag(requestId(ctx), r.requiredString("key"), valueOrEmpty(r.string("value")));
    return Map.of();
  }

  private Object deleteTag(Context ctx) {
    TraceRequest r = request(ctx);
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
