package io.galley.server.mlflow.traces;

import static io.galley.server.Http.q;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.server.Http;
import io.galley.server.Http.Resp;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The requests MLflow 2.17's Python client sends for traces ({@code
 * mlflow/store/tracking/rest_store.py}, through {@code rest_utils.call_endpoint}, with the paths
 * and methods of {@code service.proto}'s rpc options): a GET carries the message as query
 * parameters ({@code requests}' {@code params=}: lists repeated, unset fields left out), every
 * other method a JSON body in proto field order with unset fields left out ({@code
 * message_to_json}). Trace data goes through the artifact repository of the trace's {@code
 * mlflow.artifactLocation} ({@code MlflowArtifactsRepository}: PUT and GET of {@code
 * .../traces.json}).
 */
final class PythonTraceClient {
  private static final String API = "/api/2.0/mlflow/";

  private final Http http;

  PythonTraceClient(Http http) {
    this.http = http;
  }

  /** {@code RestStore.start_trace}: {@code POST /mlflow/traces}. */
  Resp startTrace(
      String experimentId,
      long timestampMs,
      Map<String, String> metadata,
      Map<String, String> tags) {
    ObjectNode body = Http.obj();
    body.put("experiment_id", experimentId);
    body.put("timestamp_ms", timestampMs);
    entries(body, "request_metadata", metadata);
    entries(body, "tags", tags);
    return http.send("POST", API + "traces", body.toString(), "application/json");
  }

  /** {@code RestStore.end_trace}: {@code PATCH /mlflow/traces/{request_id}}. */
  Resp endTrace(
      String requestId,
      long timestampMs,
      String status,
      Map<String, String> metadata,
      Map<String, String> tags) {
    ObjectNode body = Http.obj();
    body.put("request_id", requestId);
    body.put("timestamp_ms", timestampMs);
    body.put("status", status);
    entries(body, "request_metadata", metadata);
    entries(body, "tags", tags);
    return http.send("PATCH", API + "traces/" + requestId, body.toString(), "application/json");
  }

  /** {@code RestStore.get_trace_info}: {@code GET /mlflow/traces/{request_id}/info}. */
  Resp getTraceInfo(String requestId) {
    return http.get(API + "traces/" + requestId + "/info?request_id=" + q(requestId));
  }

  /** {@code RestStore.search_traces}: {@code GET /mlflow/traces}. */
  Resp searchTraces(
      List<String> experimentIds,
      @Nullable String filter,
      int maxResults,
      List<String> orderBy,
      @Nullable String pageToken) {
    StringBuilder query = new StringBuilder();
    experimentIds.forEach(id -> query.append("&experiment_ids=").append(q(id)));
    if (filter != null) {
      query.append("&filter=").append(q(filter));
    }
    query.append("&max_results=").append(maxResults);
    orderBy.forEach(o -> query.append("&order_by=").append(q(o)));
    if (pageToken != null) {
      query.append("&page_token=").append(q(pageToken));
    }
    return http.get(API + "traces?" + query.substring(1));
  }

  /** {@code RestStore.set_trace_tag}: {@code PATCH /mlflow/traces/{request_id}/tags}. */
  Resp setTraceTag(String requestId, String key, String value) {
    ObjectNode body = Http.obj().put("key", key).put("value", value);
    return http.send(
        "PATCH", API + "traces/" + requestId + "/tags", body.toString(), "application/json");
  }

  /** {@code RestStore.delete_trace_tag}: {@code DELETE /mlflow/traces/{request_id}/tags}. */
  Resp deleteTraceTag(String requestId, String key) {
    ObjectNode body = Http.obj().put("key", key);
    return http.send(
        "DELETE", API + "traces/" + requestId + "/tags", body.toString(), "application/json");
  }

  /** {@code RestStore._delete_traces}: {@code POST /mlflow/traces/delete-traces}. */
  Resp deleteTraces(
      String experimentId,
      @Nullable Long maxTimestampMillis,
      @Nullable Integer maxTraces,
      List<String> requestIds) {
    ObjectNode body = Http.obj().put("experiment_id", experimentId);
    if (maxTimestampMillis != null) {
      body.put("max_timestamp_millis", maxTimestampMillis);
    }
    if (maxTraces != null) {
      body.put("max_traces", maxTraces);
    }
    if (!requestIds.isEmpty()) {
      ArrayNode ids = body.putArray("request_ids");
      requestIds.forEach(ids::add);
    }
    return http.send("POST", API + "traces/delete-traces", body.toString(), "application/json");
  }

  /**
   * {@code ArtifactRepository.upload_trace_data} on {@code mlflow-artifacts:/<path>}: {@code PUT
   * /api/2.0/mlflow-artifacts/artifacts/<path>/traces.json}.
   */
  Resp uploadTraceData(String artifactLocation, String traceDataJson) {
    return http.send(
        "PUT", proxyPath(artifactLocation) + "/traces.json", traceDataJson, "application/json");
  }

  /** {@code ArtifactRepository.download_trace_data}: GET of the same path. */
  Resp downloadTraceData(String artifactLocation) {
    return http.get(proxyPath(artifactLocation) + "/traces.json");
  }

  /** {@code MlflowArtifactsRepository.resolve_uri}: the proxy's URL of a location. */
  static String proxyPath(String artifactLocation) {
    String prefix = "mlflow-artifacts:/";
    if (!artifactLocation.startsWith(prefix)) {
      throw new AssertionError("not a proxied location: " + artifactLocation);
    }
    return "/api/2.0/mlflow-artifacts/artifacts/" + artifactLocation.substring(prefix.length());
  }

  private static void entries(ObjectNode body, String field, Map<String, String> entries) {
    if (entries.isEmpty()) {
      return;
    }
    ArrayNode list = body.putArray(field);
    entries.forEach((k, v) -> list.addObject().put("key", k).put("value", v));
  }
}
