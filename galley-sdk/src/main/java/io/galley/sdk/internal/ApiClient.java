package io.galley.sdk.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.galley.sdk.GalleyApiException;
import io.galley.sdk.GalleyUnreachableException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * The tracking server's REST API over HTTP/1.1. Every call is retried with {@link Backoff} on
 * network errors, 429 and 5xx until the retry timeout; a 4xx becomes a {@link GalleyApiException}
 * at once, and an outage that outlasts the timeout a {@link GalleyUnreachableException}.
 */
public final class ApiClient {
  public static final String MLFLOW = "api/2.0/mlflow/";
  static final String ARTIFACTS = "api/2.0/mlflow-artifacts/artifacts/";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final URI base;
  private final @Nullable String token;
  private final Duration retryTimeout;
  // HTTP/1.1: plain-http HTTP/2 would cost an h2c upgrade attempt on the first request.
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  public ApiClient(URI trackingUri, @Nullable String token, Duration retryTimeout) {
    String s = trackingUri.toString();
    this.base = URI.create(s.endsWith("/") ? s : s + "/");
    this.token = token;
    this.retryTimeout = requireNonNull(retryTimeout, "retryTimeout");
  }

  public URI base() {
    return base;
  }

  /** GET {@code path?query}; the answer's JSON. */
  public JsonNode get(String path, Map<String, String> query) {
    StringJoiner q = new StringJoiner("&");
    query.forEach((k, v) -> q.add(encode(k) + "=" + encode(v)));
    URI uri = base.resolve(path + (query.isEmpty() ? "" : "?" + q));
    return call("GET " + path, () -> request(uri).GET());
  }

  /** POST {@code body} (anything Jackson writes) as JSON; the answer's JSON. */
  public JsonNode post(String path, Object body) {
    byte[] bytes;
    try {
      bytes = Json.mapper().writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot encode the body of " + path, e);
    }
    return postBytes(path, bytes, bytes.length);
  }

  /** POST the first {@code length} bytes of {@code body}, which must be JSON. */
  public JsonNode postBytes(String path, byte[] body, int length) {
    URI uri = base.resolve(path);
    return call(
        "POST " + path,
        () ->
            request(uri)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofByteArray(body, 0, length)));
  }

  /**
   * Streams {@code file} to the artifact proxy at {@code artifactPath} (already percent-encoded,
   * relative to {@code api/2.0/mlflow-artifacts/artifacts/}). A retry sends the file again.
   */
  public void putFile(String encodedArtifactPath, Path file) {
    URI uri = base.resolve(ARTIFACTS + encodedArtifactPath);
    call(
        "PUT " + file,
        () -> {
          BodyPublisher body;
          try {
            body = BodyPublishers.ofFile(file);
          } catch (FileNotFoundException e) {
            throw new UncheckedIOException("cannot read " + file, e);
          }
          // No timeout: the answer comes after the whole upload, and no bound fits every size.
          return request(uri, null).PUT(body);
        });
  }

  /** Uploads {@code bytes} to the artifact proxy, as {@link #putFile}. */
  public void putBytes(String encodedArtifactPath, byte[] bytes) {
    URI uri = base.resolve(ARTIFACTS + encodedArtifactPath);
    call("PUT " + encodedArtifactPath, () -> request(uri).PUT(BodyPublishers.ofByteArray(bytes)));
  }

  private HttpRequest.Builder request(URI uri) {
    return request(uri, REQUEST_TIMEOUT);
  }

  private HttpRequest.Builder request(URI uri, @Nullable Duration timeout) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("User-Agent", "galley-sdk");
    if (timeout != null) {
      b.timeout(timeout);
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private interface RequestFactory {
    HttpRequest.Builder build();
  }

  private JsonNode call(String what, RequestFactory factory) {
    Backoff backoff = new Backoff(retryTimeout);
    while (true) {
      String lastError;
      Throwable cause = null;
      try {
        HttpResponse<byte[]> response =
            http.send(factory.build().build(), HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        if (status < 400) {
          return parse(status, response.body());
        }
        if (!retryable(status)) {
          throw apiError(status, response.body());
        }
        lastError = "HTTP " + status + ": " + apiError(status, response.body()).getMessage();
      } catch (IOException e) {
        lastError = e.toString();
        cause = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new GalleyUnreachableException("Interrupted during " + what + " at " + base, e);
      }
      try {
        if (!backoff.pause()) {
          throw new GalleyUnreachableException(
              "Gave up on "
                  + what
                  + " at "
                  + base
                  + " after "
                  + (backoff.attempts() + 1)
                  + " attempts over "
                  + retryTimeout.toSeconds()
                  + " s: "
                  + lastError
                  + ". Is the server running? (GALLEY_TRACKING_URI names it)",
              cause);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new GalleyUnreachableException("Interrupted during " + what + " at " + base, e);
      }
    }
  }

  /** MLflow's client retries these too: rate limiting and server-side trouble. */
  static boolean retryable(int status) {
    return status == 429 || status >= 500;
  }

  private JsonNode parse(int status, byte[] body) {
    if (body.length == 0) {
      return Json.object();
    }
    try {
      return Json.mapper().readTree(body);
    } catch (IOException e) {
      throw new GalleyApiException(
          status,
          "BAD_RESPONSE",
          "The server at " + base + " did not answer with JSON: is it a Galley or MLflow server?");
    }
  }

  private static GalleyApiException apiError(int status, byte[] body) {
    String code = "HTTP_" + status;
    String message = "HTTP " + status;
    try {
      JsonNode json = Json.mapper().readTree(body);
      if (json != null && json.isObject()) {
        code = json.path("error_code").asText(code);
        message = json.path("message").asText(message);
      }
    } catch (IOException e) {
      // not JSON (a proxy's error page): the status says enough
    }
    return new GalleyApiException(status, code, message);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
