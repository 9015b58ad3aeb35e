package io.galley.server.mlflow.traces;

import io.galley.core.tracing.TraceInfo;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * MLflow's {@code TraceInfo} message as protobuf JSON: int64s as numbers, the status by name, tags
 * and request metadata as lists of {@code {key, value}}; an unset execution time and empty lists
 * are left out, as {@code message_to_json} leaves them.
 */
record TraceInfoJson(
    String requestId,
    String experimentId,
    long timestampMs,
    @Nullable Long executionTimeMs,
    String status,
    @Nullable List<KeyValueJson> requestMetadata,
    @Nullable List<KeyValueJson> tags) {

  /** {@code TraceRequestMetadata} and {@code TraceTag}: a key and a value. */
  record KeyValueJson(String key, String value) {}

  static TraceInfoJson of(TraceInfo info) {
    return new TraceInfoJson(
        info.requestId(),
        info.experimentId(),
        info.timestampMs(),
        info.executionTimeMs(),
        info.status().name(),
        entries(info.requestMetadata()),
        entries(info.tags()));
  }

  private static @Nullable List<KeyValueJson> entries(Map<String, String> map) {
    if (map.isEmpty()) {
      return null;
    }
    return map.entrySet().stream().map(e -> new KeyValueJson(e.getKey(), e.getValue())).toList();
  }

  /** {@code StartTrace.Response}, {@code EndTrace.Response} and {@code GetTraceInfo.Response}. */
  record Response(TraceInfoJson traceInfo) {
    static Response of(TraceInfo info) {
      return new Response(TraceInfoJson.of(info));
    }
  }

  /** {@code SearchTraces.Response}. */
  record SearchResponse(@Nullable List<TraceInfoJson> traces, @Nullable String nextPageToken) {}

  /** {@code DeleteTraces.Response}. */
  record DeleteResponse(int tracesDeleted) {}
}
