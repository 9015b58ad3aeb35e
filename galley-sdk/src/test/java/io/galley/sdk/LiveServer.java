package io.galley.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.galley.sdk.capture.CaptureOptions;
import io.galley.server.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A real Galley server on a loopback port over H2 and file blobs in {@code dataDir}, and a plain
 * HTTP view of it for checking what the SDK stored. {@link #stop()} and {@link #start()} bring it
 * down and back on the same port and data, as an outage would. Other modules' tests use it through
 * galley-sdk's test jar.
 */
public final class LiveServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path dataDir;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private int port;
  private @Nullable TestServer server;

  public LiveServer(Path dataDir) {
    this.dataDir = dataDir;
    start();
  }

  public synchronized void start() {
    server = TestServer.h2(dataDir, port);
    port = server.port();
  }

  public synchronized void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /**
   * A client of this server that captures nothing and samples no system metrics (each has its own
   * tests), so that a run holds exactly what a test logged.
   */
  public Galley galley() {
    return builder().build();
  }

  public Galley.Builder builder() {
    return Galley.builder()
        .trackingUri(uri())
        .capture(CaptureOptions.none())
        .systemMetricsInterval(Duration.ZERO);
  }

  public JsonNode get(String path, String... queryPairs) {
    StringJoiner q = new StringJoiner("&");
    for (int i = 0; i < queryPairs.length; i += 2) {
      q.add(enc(queryPairs[i]) + "=" + enc(queryPairs[i + 1]));
    }
    HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri().resolve(path + "?" + q)).GET());
    return parse(r);
  }

  public JsonNode post(String path, Object body) {
    try {
      HttpResponse<byte[]> r =
          send(
              HttpRequest.newBuilder(uri().resolve(path))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
      return parse(r);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public JsonNode run(String runId) {
    return get("/api/2.0/mlflow/runs/get", "run_id", runId).path("run");
  }

  public Map<String, String> tags(String runId) {
    return keyValues(run(runId).path("data").path("tags"));
  }

  public Map<String, String> params(String runId) {
    return keyValues(run(runId).path("data").path("params"));
  }

  public List<JsonNode> history(String runId, String key) {
    List<JsonNode> out = new ArrayList<>();
    get("/api/2.0/mlflow/metrics/get-history", "run_id", runId, "metric_key", key)
        .path("metrics")
        .forEach(out::add);
    return out;
  }

  /** The bytes of a run's artifact, or null when there is none. */
  public byte[] artifact(String runId, String path) {
    HttpResponse<byte[]> r =
        send(
            HttpRequest.newBuilder(
                    uri().resolve("/get-artifact?run_uuid=" + enc(runId) + "&path=" + enc(path)))
                .GET());
    return r.statusCode() == 200 ? r.body() : null;
  }

  /** Every file of a run's artifact tree, recursively, by path. */
  public List<String> artifactPaths(String runId, String dir) {
    List<String> out = new ArrayList<>();
    for (JsonNode f :
        get("/api/2.0/mlflow/artifacts/list", "run_id", runId, "path", dir).path("files")) {
      if (f.path("is_dir").asBoolean()) {
        out.addAll(artifactPaths(runId, f.path("path").asText()));
      } else {
        out.add(f.path("path").asText());
      }
    }
    return out;
  }

  private static Map<String, String> keyValues(JsonNode list) {
    Map<String, String> out = new TreeMap<>();
    list.forEach(t -> out.put(t.path("key").asText(), t.path("value").asText()));
    return out;
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder b) {
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode parse(HttpResponse<byte[]> r) {
    try {
      return r.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalStateException("not JSON (HTTP " + r.statusCode() + ")", e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    stop();
  }
}
