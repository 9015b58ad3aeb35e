package io.galley.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Requests no well-behaved client sends, written on a raw socket: every answer is still MLflow's
 * JSON error body, and an unexpected store failure is a generic 500 without a stack trace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RawHttpTest {
  private GalleyServer server;
  private int port;

  @BeforeAll
  void start() {
    server =
        GalleyServer.builder()
            .config(ServerConfig.defaults().withPort(0))
            .tracking(
                FakeStores.of(
                    (proxy, method, args) -> {
                      throw new IllegalStateException("database on fire at /secret/path");
                    }))
            .artifacts(FakeStores.untouchableArtifacts())
            .modelRegistry(FakeStores.untouchableRegistry())
            .images(FakeStores.untouchableImages())
            .blobs(FakeStores.untouchableBlobs())
            .build();
    port = server.start();
  }

  @AfterAll
  void stop() {
    server.stop();
  }

  private String exchange(String head) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(head.getBytes(StandardCharsets.UTF_8));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String request(String method, String target, String extraHeaders) {
    return method
        + " "
        + target
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + extraHeaders
        + "Connection: close\r\n\r\n";
  }

  @Test
  void unparseableUriIsJson400() {
    String r = exchange(request("GET", "/api/2.0/mlflow/%zz", ""));
    assertThat(r)
        .startsWith("HTTP/1.1 400")
        .contains("application/json")
        .contains("\"error_code\":\"BAD_REQUEST\"");
  }

  @Test
  void oversizedHeadersAreJson431() {
    String r =
        exchange(
            request("GET", "/api/2.0/mlflow/runs/get", "X-Big: " + "a".repeat(20_000) + "\r\n"));
    assertThat(r).startsWith("HTTP/1.1 431").contains("\"error_code\":\"BAD_REQUEST\"");
  }

  @Test
  void unknownMethodIsJson405() {
    String r = exchange(request("BREW", "/api/2.0/mlflow/runs/get", ""));
    assertThat(r)
        .startsWith("HTTP/1.1 405")
        .contains("\"error_code\":\"BAD_REQUEST\"")
        .contains("BREW");
  }

  @Test
  void unexpectedFailureIsGeneric500() {
    String r = exchange(request("GET", "/api/2.0/mlflow/experiments/get?experiment_id=1", ""));
    assertThat(r)
        .startsWith("HTTP/1.1 500")
        .contains("\"error_code\":\"INTERNAL_ERROR\"")
        .doesNotContain("secret")
        .doesNotContain("IllegalStateException");
  }
}
