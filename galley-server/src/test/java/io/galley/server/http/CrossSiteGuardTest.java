package io.galley.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.galley.server.ServerConfig;
import io.galley.server.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a web page the user visits could send to a server on loopback: a DNS-rebound Host, a foreign
 * Origin, a form or text/plain body. Each is refused before it reaches a handler, and the store
 * shows nothing happened; the same requests from a client of the server go through.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossSiteGuardTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private TestServer server;

  @BeforeAll
  void start(@TempDir Path dir) {
    server =
        TestServer.h2(
            dir,
            ServerConfig.defaults()
                .withPort(0)
                .withAllowedHosts(List.of("galley.internal"))
                .withAllowedOrigins(List.of("https://notebook.internal")),
            UnaryOperator.identity());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private String raw(String method, String path, String host, String headers, String body) {
    String head =
        method
            + " "
            + path
            + " HTTP/1.1\r\nHost: "
            + host
            + "\r\nConnection: close\r\n"
            + headers
            + "Content-Length: "
            + body.getBytes(StandardCharsets.UTF_8).length
            + "\r\n\r\n"
            + body;
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(head.getBytes(StandardCharsets.UTF_8));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HttpResponse<String> post(String path, String contentType, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.uri() + path))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private boolean experimentExists(String name) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        server.uri()
                            + "/api/2.0/mlflow/experiments/get-by-name?experiment_name="
                            + name))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return r.statusCode() == 200;
  }

  @Test
  void aReboundHostNameIsRefusedAndServedNamesAreNot() {
    String rebound = raw("GET", "/api/2.0/mlflow/experiments/search", "evil.example:7070", "", "");
    assertThat(rebound).startsWith("HTTP/1.1 403");
    assertThat(rebound)
        .contains("\"error_code\":\"PERMISSION_DENIED\"")
        .contains("does not serve the host name 'evil.example:7070'")
        .contains("--allowed-hosts")
        .contains("X-Content-Type-Options: nosniff");
    for (String host : List.of("127.0.0.1", "localhost:7070", "[::1]:7070", "galley.internal")) {
      assertThat(raw("GET", "/health", host, "", "")).as(host).startsWith("HTTP/1.1 200");
    }
    String registry = raw("GET", "/v2/", "evil.example", "", "");
    assertThat(registry).startsWith("HTTP/1.1 403").contains("\"code\":\"DENIED\"");
  }

  @Test
  void aForeignOriginIsRefusedBeforeAnythingChanges() throws Exception {
    HttpResponse<String> r =
        post(
            "/api/2.0/mlflow/experiments/create",
            "application/json",
            "{\"name\":\"from-evil\"}",
            "Origin",
            "http://evil.example");
    assertThat(r.statusCode()).isEqualTo(403);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("error_code").asText()).isEqualTo("PERMISSION_DENIED");
    assertThat(body.path("message").asText())
        .isEqualTo(
            "Cross-origin request from http://evil.example refused; a web application allowed to"
                + " call this server is listed with --cors-allowed-origins");
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(experimentExists("from-evil")).isFalse();

    HttpResponse<String> nullOrigin =
        post("/api/2.0/galley/gc", "application/json", "{}", "Origin", "null");
    assertThat(nullOrigin.statusCode()).isEqualTo(403);

    for (String origin :
        List.of(
            "http://127.0.0.1:" + server.port(),
            "http://localhost:3000",
            "https://notebook.internal")) {
      String name = "from-" + Math.abs(origin.hashCode());
      HttpResponse<String> ok =
          post(
              "/api/2.0/mlflow/experiments/create",
              "application/json",
              "{\"name\":\"" + name + "\"}",
              "Origin",
              origin);
      assertThat(ok.statusCode()).as(origin).isEqualTo(200);
      assertThat(experimentExists(name)).as(origin).isTrue();
    }
  }

  @Test
  void aFormOrTextBodyIsRefusedUnlessTheClientAuthenticates() throws Exception {
    for (String type :
        List.of(
            "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x")) {
      HttpResponse<String> r =
          post("/api/2.0/mlflow/experiments/create", type, "{\"name\":\"simple-body\"}");
      assertThat(r.statusCode()).as(type).isEqualTo(415);
      JsonNode body = JSON.readTree(r.body());
      assertThat(body.path("error_code").asText()).isEqualTo("BAD_REQUEST");
      assertThat(body.path("message").asText())
          .startsWith("Send the request body as JSON with 'Content-Type: application/json'");
      HttpResponse<String> ajax =
          post("/ajax-api/2.0/mlflow/experiments/create", type, "{\"name\":\"simple-body\"}");
      assertThat(ajax.statusCode()).as(type).isEqualTo(415);
    }
    assertThat(experimentExists("simple-body")).isFalse();
    HttpResponse<String> json =
        post(
            "/api/2.0/mlflow/experiments/create",
            "application/json; charset=utf-8",
            "{\"name\":\"json-body\"}");
    assertThat(json.statusCode()).isEqualTo(200);
    HttpResponse<String> bearer =
        post(
            "/api/2.0/mlflow/experiments/create",
            "text/plain",
            "{\"name\":\"with-token\"}",
            "Authorization",
            "Bearer t");
    assertThat(bearer.statusCode()).isEqualTo(200);
    // The registry's clients start uploads with an empty POST and no content type.
    HttpResponse<String> upload = post("/v2/team/app/blobs/uploads/", null, "");
    assertThat(upload.statusCode()).isEqualTo(202);
  }

  @Test
  void hostNamesAreComparedWithoutPortBracketsOrCase() {
    assertThat(CrossSiteGuard.normalHost("LocalHost:7070")).isEqualTo("localhost");
    assertThat(CrossSiteGuard.normalHost("[::1]:7070")).isEqualTo("::1");
    assertThat(CrossSiteGuard.normalHost("::1")).isEqualTo("::1");
    assertThat(CrossSiteGuard.normalHost("galley.internal.")).isEqualTo("galley.internal");
  }
}
