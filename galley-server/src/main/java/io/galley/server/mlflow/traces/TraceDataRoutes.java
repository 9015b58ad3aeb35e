package io.galley.server.mlflow.traces;

import io.galley.core.ErrorCode;
import io.galley.core.InvalidRequestException;
import io.galley.core.NotFoundException;
import io.galley.core.access.Permission;
import io.galley.core.blob.BlobStore;
import io.galley.core.blob.LeasedBlob;
import io.galley.core.tracing.TraceData;
import io.galley.core.tracing.TraceInfo;
import io.galley.core.tracing.TraceStore;
import io.galley.server.access.Caller;
import io.galley.server.access.ResourcePermissions;
import io.galley.server.http.BodyCut;
import io.galley.server.http.ResponseBodies;
import io.galley.server.http.UploadBody;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * A trace's data file, {@code traces.json} (its spans). MLflow's client writes and reads it through
 * the artifact repository of the trace's {@value TraceInfo#ARTIFACT_LOCATION_TAG} tag, {@code
 * mlflow-artifacts:/<experiment_id>/traces/<request_id>/artifacts}, that is through the artifact
 * proxy at {@code .../mlflow-artifacts/artifacts/<experiment_id>/traces/<request_id>/artifacts/
 * traces.json}; MLflow's UI reads it from {@code get-trace-artifact}. The bytes go to the blob
 * store and the trace keeps their digest, so deleting the trace frees them.
 */
final class TraceDataRoutes {
  private static final List<String> PROXY_PREFIXES =
      List.of("/api/2.0/mlflow-artifacts/artifacts/", "/ajax-api/2.0/mlflow-artifacts/artifacts/");
  private static final String PATH = "{experiment_id}/traces/{request_id}/artifacts/{file}";

  private final TraceStore traces;
  private final BlobStore blobs;
  private final ResourcePermissions permissions;

  TraceDataRoutes(TraceStore traces, BlobStore blobs, ResourcePermissions permissions) {
    this.traces = traces;
    this.blobs = blobs;
    this.permissions = permissions;
  }

  void mount(RoutesConfig routing) {
    for (String prefix : PROXY_PREFIXES) {
      routing.put(prefix + PATH, this::upload);
      routing.get(prefix + PATH, this::download);
    }
  }

  private void upload(Context ctx) {
    TraceInfo trace = traceAt(ctx);
    Caller.of(ctx, permissions).requireExperiment(trace.experimentId(), Permission.EDIT);
    try (LeasedBlob blob =
        UploadBody.consume(ctx.req(), body -> blobs.putLeased(body, null), BodyCut::asHttpError)) {
      traces.setTraceData(trace.requestId(), new TraceData(blob.digest(), blob.size()));
    }
    TraceRoutes.json(ctx, Map.of());
  }

  private void download(Context ctx) {
    TraceInfo trace = traceAt(ctx);
    Caller.of(ctx, permissions).requireExperiment(trace.experimentId(), Permission.READ);
    send(ctx, trace);
  }

  /** {@code GET get-trace-artifact?request_id=}: the trace's data file as an attachment. */
  void getTraceArtifact(Context ctx) {
    String requestId = ctx.queryParam("request_id");
    if (requestId == null || requestId.isEmpty()) {
      throw new InvalidRequestException(
          ErrorCode.BAD_REQUEST, "Request must specify the \"request_id\" query parameter.");
    }
    TraceInfo trace = traces.getTraceInfo(requestId);
    Caller.of(ctx, permissions).requireExperiment(trace.experimentId(), Permission.READ);
    send(ctx, trace);
  }

  /** The trace a proxy path names; its experiment must be the one in the path. */
  private TraceInfo traceAt(Context ctx) {
    String file = ctx.pathParam("file");
    if (!file.equals(TraceData.FILE_NAME)) {
      throw new InvalidRequestException(
          "Invalid artifact path: a trace holds only " + TraceData.FILE_NAME);
    }
    TraceInfo trace = traces.getTraceInfo(TraceRoutes.requestId(ctx));
    if (!trace.experimentId().equals(ctx.pathParam("experiment_id"))) {
      throw TraceStore.notFound(trace.requestId());
    }
    return trace;
  }

  private void send(Context ctx, TraceInfo trace) {
    TraceData data =
        traces
            .findTraceData(trace.requestId())
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "Trace data for request_id '"
                            + trace.requestId()
                            + "' has not been uploaded to this server (its artifact location is "
                            + trace.tags().getOrDefault(TraceInfo.ARTIFACT_LOCATION_TAG, "unset")
                            + ")"));
    // Opened before anything is committed: a missing blob is still an error response.
    InputStream in = blobs.open(data.digest(), 0, data.size());
    HttpServletResponse res = ctx.res();
    res.setStatus(200);
    res.setContentType("application/octet-stream");
    res.setContentLengthLong(data.size());
    res.setHeader("Content-Disposition", "attachment; filename=\"" + TraceData.FILE_NAME + "\"");
    res.setHeader("X-Content-Type-Options", "nosniff");
    ResponseBodies.send(in, res, TraceData.FILE_NAME);
  }
}
