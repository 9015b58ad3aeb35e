package io.galley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/** The CLI's view of the server: MLflow's REST API plus Galley's own endpoints, over HTTP. */
final class TrackingClient {
  private static final String MLFLOW = "api/2.0/mlflow/";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration API_TIMEOUT = Duration.ofSeconds(60);

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

  JsonNode getExperiment(String experimentId) {
    return get(MLFLOW + "experiments/get", Map.of("experiment_id", List.of(experimentId)))
        .path("experiment");
  }

  /**
   * One page of {@code registered-models/search}, by name: {@code registered_models} and, when more
   * follow, {@code next_page_token}.
   */
  JsonNode searchRegisteredModels(String filter, int maxResults, @Nullable String pageToken) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    if (!filter.isEmpty()) {
      query.put("filter", List.of(filter));
    }
    query.put("max_results", List.of(Integer.toString(maxResults)));
    query.put("order_by", List.of("name ASC"));
    if (pageToken != null) {
      query.put("page_token", List.of(pageToken));
    }
    return get(MLFLOW + "registered-models/search", query);
  }

  JsonNode getModelVersion(String name, long version) {
    return get(
            MLFLOW + "model-versions/get",
            Map.of("name", List.of(name), "version", List.of(Long.toString(version))))
        .path("model_version");
  }

  JsonNode getModelVersionByAlias(String name, String alias) {
    return get(
            MLFLOW + "registered-models/alias",
            Map.of("name", List.of(name), "alias", List.of(alias)))
        .path("model_version");
  }

  /** The highest version in each of {@code stages} (each stage when empty), as an array. */
  JsonNode getLatestVersions(String name, List<String> stages) {
    return post(
            MLFLOW + "registered-models/get-latest-versions",
            Map.of("name", name, "stages", stages))
        .path("model_versions");
  }

  void setModelAlias(String name, String alias, long version) {
    post(
        MLFLOW + "registered-models/alias",
        Map.of("name", name, "alias", alias, "version", Long.toString(version)));
  }

  void deleteModelAlias(String name, String alias) {
    // As MLflow's client sends DELETEs: the request message as a JSON body.
    send(
        jsonRequest(
            MLFLOW + "registered-models/alias", "DELETE", Map.of("name", name, "alias", alias)));
  }

  /** Garbage collection of unreferenced blobs; the server's report. */
  JsonNode gc(boolean dryRun, long graceSeconds) {
    return post("api/2.0/galley/gc", Map.of("dry_run", dryRun, "grace_seconds", graceSeconds));
  }

  JsonNode registryGc(boolean deleteUntagged, long graceSeconds, long uploadExpirySeconds) {
    return post(
        "api/2.0/galley/registry/gc",
        Map.of(
            "delete_untagged",
            deleteUntagged,
            "grace_seconds",
            graceSeconds,
            "upload_expiry_seconds",
            uploadExpirySeconds));
  }

  private JsonNode get(String path, Map<String, List<String>> query) {
    StringJoiner q = new StringJoiner("&");
    query.forEach((k, values) -> values.forEach(v -> q.add(encode(k) + "=" + encode(v))));
    return send(HttpRequest.newBuilder(base.resolve(path + "?" + q)).GET());
  }

  private JsonNode post(String path, Object body) {
    return send(jsonRequest(path, "POST", body));
  }

  private HttpRequest.Builder jsonRequest(String path, String method, Object body) {
    try {
      return HttpRequest.newBuilder(base.resolve(path))
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode request", e);
    }
  }

  private JsonNode send(HttpRequest.Builder request) {
    HttpResponse<byte[]> response =
        exchange(request.timeout(API_TIMEOUT), HttpResponse.BodyHandlers.ofByteArray());
    return checked(response.statusCode(), response.body());
  }

  /** The answer's JSON, or the server's error as an {@link ApiErrorException}. */
  private JsonNode checked(int status, byte[] answer) {
    JsonNode body;
    try {
      body = answer.length == 0 ? JSON.createObjectNode() : JSON.readTree(answer);
    } catch (IOException e) {
      throw new ApiErrorException(
          status,
          "BAD_RESPONSE",
          "The server at "
              + base
              + " did not answer with JSON (HTTP "
              + status
              + "). Is --tracking-uri a Galley or MLflow server?");
    }
    if (status >= 400) {
      throw new ApiErrorException(
          status,
          body.path("error_code").asText("HTTP_" + status),
          body.path("message").asText("HTTP " + status));
    }
    return body;
  }

  private <T> HttpResponse<T> exchange(
      HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(request.build(), handler);
    } catch (ConnectException e) {
      throw unreachable("connection refused", e);
    } catch (IOException e) {
      throw unreachable(e.toString(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable("interrupted", e);
    }
  }

  /** MLflow's listing of a run's artifact directory: {@code root_uri} and {@code files}. */
  JsonNode listArtifacts(String runId, String path) {
    return get(MLFLOW + "artifacts/list", Map.of("run_id", List.of(runId), "path", List.of(path)));
  }

  /** Streams one artifact file of a run into {@code dest}. */
  void downloadArtifact(String runId, String path, Path dest) {
    StringJoiner q = new StringJoiner("&");
    q.add("run_uuid=" + encode(runId)).add("path=" + encode(path));
    HttpResponse<InputStream> response =
        exchange(
            HttpRequest.newBuilder(base.resolve("get-artifact?" + q)).timeout(API_TIMEOUT).GET(),
            HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = response.body()) {
      if (response.statusCode() >= 400) {
        checked(response.statusCode(), in.readAllBytes());
      }
      Path parent = dest.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.copy(in, dest, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dest + ": " + e.getMessage(), e);
    }
  }

  /**
   * One artifact file of a run, whole, for small files the CLI reads itself (environment.json);
   * empty when the run has no such file.
   */
  Optional<byte[]> findArtifact(String runId, String path) {
    StringJoiner q = new StringJoiner("&");
    q.add("run_uuid=" + encode(runId)).add("path=" + encode(path));
    HttpResponse<byte[]> response =
        exchange(
            HttpRequest.newBuilder(base.resolve("get-artifact?" + q)).timeout(API_TIMEOUT).GET(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    if (response.statusCode() >= 400) {
      checked(response.statusCode(), response.body());
    }
    return Optional.of(response.body());
  }

  /**
   * Uploads a file, streamed, to {@code path} in the artifact tree at {@code artifactUri} (an
   * {@code mlflow-artifacts:/…} URI, served by the tracking server's artifact proxy).
   */
  void uploadArtifact(String artifactUri, String path, Path file) {
    String prefix = "mlflow-artifacts:/";
    if (!artifactUri.startsWith(prefix)) {
      throw new ApiErrorException(
          400,
          "UNSUPPORTED_ARTIFACT_URI",
          "This run's artifacts live at "
              + artifactUri
              + ", which the tracking server does not serve");
    }
    String target = artifactUri.substring(prefix.length()).replaceAll("^/+", "") + "/" + path;
    URI uri;
    try {
      uri =
          base.resolve(
              new URI(null, null, "api/2.0/mlflow-artifacts/artifacts/" + target, null)
                  .toASCIIString());
      HttpResponse<byte[]> response =
          exchange(
              // The answer comes after the whole upload: no timeout fits every size.
              HttpRequest.newBuilder(uri).PUT(HttpRequest.BodyPublishers.ofFile(file)),
              HttpResponse.BodyHandlers.ofByteArray());
      checked(response.statusCode(), response.body());
    } catch (URISyntaxException e) {
      throw new CliUsageException("Cannot use artifact path '" + path + "': " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
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
