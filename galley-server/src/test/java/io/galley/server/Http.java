package io.galley.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A real HTTP client against a running server, with JSON helpers for tests. */
public final class Http {
  public static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  public Http(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  public String base() {
    return base;
  }

  /** A response: status, content type and body, with the body parsed as JSON on demand. */
  public record Resp(int status, String contentType, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    public String errorCode() {
      return json().path("error_code").asText();
    }

    public String message() {
      return json().path("message").asText();
    }
  }

  public Resp get(String pathAndQuery) {
    return send("GET", pathAndQuery, null, null);
  }

  /** GET {@code /api/2.0/mlflow/<endpoint>?<query>}. */
  public Resp mlflowGet(String endpoint, String query) {
    return get("/api/2.0/mlflow/" + endpoint + (query.isEmpty() ? "" : "?" + query));
  }

  /** POST a JSON body to {@code /api/2.0/mlflow/<endpoint>}. */
  public Resp mlflowPost(String endpoint, String json) {
    return post("/api/2.0/mlflow/" + endpoint, json);
  }

  public Resp mlflowPost(String endpoint, JsonNode json) {
    return mlflowPost(endpoint, json.toString());
  }

  public Resp post(String path, String json) {
    return send("POST", path, json, "application/json");
  }

  public Resp send(String method, String path, String body, String contentType) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    try {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Resp(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A request to {@code path} on this server, for exchanges the JSON helpers do not cover. */
  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120));
  }

  public <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> body) {
    try {
      return client.send(request, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A response with a byte body as a {@link Resp}, for JSON assertions. */
  public static Resp resp(HttpResponse<byte[]> r) {
    return new Resp(
        r.statusCode(),
        r.headers().firstValue("Content-Type").orElse(""),
        new String(r.body(), StandardCharsets.UTF_8));
  }

  public static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  public static ObjectNode obj() {
    return JSON.createObjectNode();
  }

  /** Parses a JSON literal written with single quotes for readability. */
  public static JsonNode json(String singleQuoted) {
    try {
      return JSON.readTree(singleQuoted.replace('\'', '"'));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
