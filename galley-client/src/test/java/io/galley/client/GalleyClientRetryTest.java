package io.galley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retries and error bodies against a hand-written fake server that answers from a script: what no
 * real Galley server does on demand (503s, OCI bodies, a proxy's HTML page).
 */
class GalleyClientRetryTest {
  private record Answer(int status, String body) {}

  private final Deque<Answer> script = new ArrayDeque<>();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile String lastAuthorization = "";
  private HttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          String auth = exchange.getRequestHeaders().getFirst("Authorization");
          lastAuthorization = auth == null ? "" : auth;
          exchange.getRequestBody().readAllBytes();
          Answer a;
          synchronized (script) {
            a = script.size() > 1 ? script.poll() : script.peek();
          }
          byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private GalleyClient client(Duration retryTimeout) {
    return GalleyClient.builder(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
        .token("s3cret")
        .retryTimeout(retryTimeout)
        .build();
  }

  private void answer(int status, String body) {
    script.add(new Answer(status, body));
  }

  @Test
  void a503IsRetriedUntilTheServerAnswers() {
    answer(503, "{\"error_code\":\"TEMPORARILY_UNAVAILABLE\",\"message\":\"busy\"}");
    answer(503, "");
    answer(200, "{\"experiment_id\":\"7\",\"future_field\":1}");

    assertThat(client(Duration.ofSeconds(30)).createExperiment("e")).isEqualTo("7");
    assertThat(requests).hasValue(3);
    assertThat(lastAuthorization).isEqualTo("Bearer s3cret");
  }

  @Test
  void a400IsNotRetried() {
    answer(400, "{\"error_code\":\"INVALID_PARAMETER_VALUE\",\"message\":\"bad name\"}");

    assertThatThrownBy(() -> client(Duration.ofSeconds(30)).createExperiment("e"))
        .isInstanceOfSatisfying(
            GalleyApiException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(400);
              assertThat(e.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
              assertThat(e.getMessage()).isEqualTo("bad name");
            });
    assertThat(requests).hasValue(1);
  }

  @Test
  void ocisErrorBodyIsRead() {
    answer(404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"no such tag\"}]}");

    assertThatThrownBy(() -> client(Duration.ZERO).getRun("r"))
        .isInstanceOfSatisfying(
            GalleyApiException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo("MANIFEST_UNKNOWN");
              assertThat(e.getMessage()).isEqualTo("no such tag");
            });
  }

  @Test
  void aBodyThatIsNotJsonGivesTheStatusAsCode() {
    answer(403, "<html>Forbidden by proxy</html>");

    assertThatThrownBy(() -> client(Duration.ZERO).getRun("r"))
        .isInstanceOfSatisfying(
            GalleyApiException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo("HTTP_403");
              assertThat(e.getMessage()).isEqualTo("HTTP 403");
              assertThat(e.jsonAnswer()).isFalse();
            });
  }

  @Test
  void aSuccessThatIsNotJsonIsABadResponse() {
    answer(200, "<html>a login page</html>");

    assertThatThrownBy(() -> client(Duration.ZERO).getRun("r"))
        .isInstanceOfSatisfying(
            GalleyApiException.class,
            e -> assertThat(e.errorCode()).isEqualTo(GalleyApiException.BAD_RESPONSE));
  }

  @Test
  void retriesThatRunOutKeepTheLastRefusal() {
    answer(503, "{\"error_code\":\"TEMPORARILY_UNAVAILABLE\",\"message\":\"busy\"}");

    assertThatThrownBy(() -> client(Duration.ZERO).getRun("r"))
        .isInstanceOfSatisfying(
            GalleyUnreachableException.class,
            e -> {
              assertThat(e.lastRefusal())
                  .get()
                  .extracting(GalleyApiException::httpStatus)
                  .isEqualTo(503);
              assertThat(e.reason()).isEqualTo("HTTP 503: busy");
            });
    assertThat(requests).hasValue(1);
  }
}
