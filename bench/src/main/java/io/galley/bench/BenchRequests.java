package io.galley.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The few MLflow REST 2.0 calls the bench makes, over one shared HTTP/1.1 client (whose pool keeps
 * a connection per busy thread alive). Any answer other than 2xx stops the bench: a load generator
 * that counts errors as throughput measures nothing.
 */
final class TrackingClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final String API = "/api/2.0/mlflow/";

  private final URI base;
  private final HttpClient http;
  private final Duration timeout;

  TrackingClient(URI base, Duration timeout) {
    this.base = base;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  URI base() {
    return base;
  }

  String createExperiment(String name) {
    return post("experiments/create", json(Map.of("name", name))).path("experiment_id").asText();
  }

  String createRun(String experimentId, long startTimeMillis) {
    JsonNode info =
        post(
                "runs/create",
                json(Map.of("experiment_id", experimentId, "start_time", startTimeMillis)))
            .path("run")
            .path("info");
    String runId = info.path("run_id").asText(info.path("run_uuid").asText(""));
    if (runId.isEmpty()) {
      throw new BenchException("runs/create answered without run.info.run_id");
    }
    return runId;
  }

  /**
   * Posts {@code {"run_id": runId, <fields>}} where {@code fields} is already-serialised JSON
   * members such as {@code "metrics":[...]}, so that hot loops serialise a batch only once.
   */
  void logBatch(String runId, byte[] fields) {
    ByteArrayOutputStream body = new ByteArrayOutputStream(fields.length + 64);
    body.writeBytes(("{\"run_id\":\"" + runId + "\",").getBytes(StandardCharsets.UTF_8));
    body.writeBytes(fields);
    body.write('}');
    post("runs/log-batch", body.toByteArray());
  }

  JsonNode searchRuns(byte[] body) {
    return post("runs/search", body);
  }

  JsonNode getMetricHistory(String runId, String key, String pageToken) {
    String query = "run_id=" + encode(runId) + "&metric_key=" + encode(key);
    if (pageToken != null && !pageToken.isEmpty()) {
      query += "&page_token=" + encode(pageToken);
    }
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(API + "metrics/get-history?" + query))
            .timeout(timeout)
            .GET()
            .build();
    return send(request, "GET metrics/get-history");
  }

  static byte[] json(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The members of a JSON object without its braces, for {@link #logBatch}. */
  static byte[] members(Map<String, ?> object) {
    byte[] json = json(object);
    return java.util.Arrays.copyOfRange(json, 1, json.length - 1);
  }

  private JsonNode post(String path, byte[] body) {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(API + path))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return send(request, "POST " + path);
  }

  private JsonNode send(HttpRequest request, String what) {
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new BenchException(what + " to " + base + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException(what + " interrupted", e);
    }
    byte[] bytes = response.body();
    if (response.statusCode() / 100 != 2) {
      String text = new String(bytes, StandardCharsets.UTF_8);
      throw new BenchException(
          what
              + " answered "
              + response.statusCode()
              + ": "
              + (text.length() > 400 ? text.substring(0, 400) + "..." : text));
    }
    try {
      return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
    } catch (IOException e) {
      throw new BenchException(what + " answered 2xx with a body that is not JSON", e);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
