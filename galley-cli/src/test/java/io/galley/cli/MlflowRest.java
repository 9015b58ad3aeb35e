package io.galley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * JSON calls to a server's MLflow API, for tests to fill it as any MLflow client would. A call the
 * server refuses fails the test with the server's answer.
 */
final class MlflowRest {
  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  MlflowRest(String serverUri) {
    this.base = serverUri + "/api/2.0/mlflow/";
  }

  /** POSTs {@code body} (any value Jackson writes) to {@code /api/2.0/mlflow/<endpoint>}. */
  JsonNode post(String endpoint, Object body) {
    try {
      return send(
          HttpRequest.newBuilder(URI.create(base + endpoint))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))),
          endpoint);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** GETs {@code /api/2.0/mlflow/<endpoint>?<name>=<value>...}. */
  JsonNode get(String endpoint, Map<String, String> query) {
    StringJoiner q = new StringJoiner("&");
    query.forEach((k, v) -> q.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return send(HttpRequest.newBuilder(URI.create(base + endpoint + "?" + q)).GET(), endpoint);
  }

  private JsonNode send(HttpRequest.Builder request, String endpoint) {
    try {
      HttpResponse<String> response =
          http.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AssertionError(
            endpoint + " answered " + response.statusCode() + ": " + response.body());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
