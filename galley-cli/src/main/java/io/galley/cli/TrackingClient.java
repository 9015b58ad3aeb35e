package io.galley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** The CLI's view of the server: MLflow's REST API plus Galley's own endpoints, over HTTP. */
final class TrackingClient {
  private static final String MLFLOW = "api/2.0/mlflow/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  TrackingClient(URI base) {
    this.base = base;
  }

  JsonNode experimentByName(String name) {
    return get(MLFLOW + "experiments/get-by-name", Map.of("experiment_name", List.of(name)))
        .path("experiment");
  }

  JsonNode searchExperiments(String viewType, int maxResults) {
    return post(
        MLFLOW + "experiments/search",
        Map.of("view_type", viewType, "max_results", maxResults, "order_by", List.of("name ASC")));
  }

  JsonNode searchRuns(String experimentId, String filter, List<String> orderBy, int maxResults) {
    return post(
        MLFLOW + "runs/search",
        Map.of(
            "experiment_ids", List.of(experimentId),
            "filter", filter,
            "order_by", orderBy,
            "max_results", maxResults));
  }

  JsonNode getRun(String runId) {
    return get(MLFLOW + "runs/get", Map.of("run_id", List.of(runId))).path("run");
  }

  JsonNode leaderboard(
      String experimentId, String metric, String agg, String order, int n, String filter) {
    return get(
        "api/2.0/galley/leaderboard",
        Map.of(
            "experiment_id", List.of(experimentId),
            "metric", List.of(metric),
            "agg", List.of(agg),
            "order", List.of(order),
            "n", List.of(Integer.toString(n)),
            "filter", List.of(filter)));
  }

  private JsonNode get(String path, Map<String, List<String>> query) {
    StringJoiner q = new StringJoiner("&");
    query.forEach((k, values) -> values.forEach(v -> q.add(encode(k) + "=" + encode(v))));
    return send(HttpRequest.newBuilder(base.resolve(path + "?" + q)).GET());
  }

  private JsonNode post(String path, Object body) {
    try {
      return send(
          HttpRequest.newBuilder(base.resolve(path))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode request", e);
    }
  }

  private JsonNode send(HttpRequest.Builder request) {
    HttpResponse<byte[]> response;
    try {
      response =
          http.send(
              request.timeout(Duration.ofSeconds(60)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
    } catch (ConnectException e) {
      throw unreachable("connection refused", e);
    } catch (IOException e) {
      throw unreachable(e.toString(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable("interrupted", e);
    }
    JsonNode body;
    try {
      body = response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      throw new ApiErrorException(
          response.statusCode(),
          "BAD_RESPONSE",
          "The server at "
              + base
              + " did not answer with JSON (HTTP "
              + response.statusCode()
              + "). Is --tracking-uri a Galley or MLflow server?");
    }
    if (response.statusCode() >= 400) {
      throw new ApiErrorException(
          response.statusCode(),
          body.path("error_code").asText("HTTP_" + response.statusCode()),
          body.path("message").asText("HTTP " + response.statusCode()));
    }
    return body;
  }

  private ServerUnreachableException unreachable(String why, Exception cause) {
    return new ServerUnreachableException(
        "Cannot reach the Galley server at "
            + base
            + " ("
            + why
            + "). Start it with './galley server', or point --tracking-uri /"
            + " GALLEY_TRACKING_URI at it.",
        cause);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
