package io.galley.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.core.access.NewUser;
import io.galley.server.ServerConfig;
import io.galley.server.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Guessing passwords from one address is slowed: past a few failures, even a right one waits. */
class SignInThrottleTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void afterFiveFailedSignInsTheNextAttemptIsTooManyRequests(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.h2WithAccessControl(dir)) {
      server
          .store()
          .identities()
          .createUser(new NewUser("ann", PasswordHashes.hash("ann password"), false));
      String url = server.uri() + "/api/2.0/mlflow/experiments/search?max_results=1";
      for (int i = 0; i < FailedSignIns.FREE_FAILURES; i++) {
        assertThat(get(url, basic("ann", "guess " + i)).statusCode()).isEqualTo(401);
      }
      // Guess on until the server makes us wait; bounded, and each further 401 doubles the wait,
      // so a slow machine that outlives one wait meets a longer one.
      int guesses = 0;
      HttpResponse<String> answer;
      do {
        answer = get(url, basic("ann", "more guessing " + guesses));
        guesses++;
      } while (answer.statusCode() == 401 && guesses < 20);
      assertThat(answer.statusCode()).isEqualTo(429);
      assertThat(answer.headers().firstValue("Retry-After")).isPresent();
      assertThat(answer.body()).contains("REQUEST_LIMIT_EXCEEDED");
      // While it waits, even the right password is not checked.
      HttpResponse<String> slowed = get(url, basic("ann", "ann password"));
      assertThat(slowed.statusCode()).isEqualTo(429);
      // No credentials at all are not a guess: still a plain 401.
      assertThat(get(url, null).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void behindATrustedProxyEachForwardedClientIsSlowedOnItsOwn(@TempDir Path dir) throws Exception {
    ServerConfig config =
        ServerConfig.defaults().withPort(0).withTrustedProxies(List.of("127.0.0.1", "::1"));
    try (TestServer server = TestServer.h2WithAccessControl(dir, config)) {
      server
          .store()
          .identities()
          .createUser(new NewUser("ann", PasswordHashes.hash("ann password"), true));
      String url = server.uri() + "/api/2.0/mlflow/experiments/search?max_results=1";
      int guesses = 0;
      HttpResponse<String> answer;
      do {
        answer = get(url, basic("ann", "guess " + guesses), "192.0.2.1");
        guesses++;
      } while (answer.statusCode() == 401 && guesses < 20);
      assertThat(answer.statusCode()).isEqualTo(429);
      // Another client behind the same proxy is not made to wait for the first one's guesses,
      // and one that writes the slowed address on the left of the header is not taken for it.
      assertThat(get(url, basic("ann", "ann password"), "192.0.2.2").statusCode()).isEqualTo(200);
      assertThat(get(url, basic("ann", "ann password"), "192.0.2.1, 192.0.2.3").statusCode())
          .isEqualTo(200);
      assertThat(get(url, basic("ann", "ann password"), "192.0.2.1").statusCode()).isEqualTo(429);

      // The audit trail names the client too.
      HttpResponse<String> created =
          post(
              server.uri() + "/api/2.0/mlflow/experiments/create",
              basic("ann", "ann password"),
              "192.0.2.2",
              "{\"name\": \"behind a proxy\"}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
      HttpResponse<String> audit =
          get(
              server.uri() + "/api/2.0/galley/audit/list",
              basic("ann", "ann password"),
              "192.0.2.2");
      assertThat(audit.body()).contains("\"address\":\"192.0.2.2\"");
    }
  }

  @Test
  void anUntrustedConnectionsForwardedForIsIgnored(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.h2WithAccessControl(dir)) {
      server
          .store()
          .identities()
          .createUser(new NewUser("ann", PasswordHashes.hash("ann password"), false));
      String url = server.uri() + "/api/2.0/mlflow/experiments/search?max_results=1";
      int guesses = 0;
      HttpResponse<String> answer;
      do {
        // A new address on every guess: without a trusted proxy, none of them counts.
        answer = get(url, basic("ann", "guess " + guesses), "192.0.2." + guesses);
        guesses++;
      } while (answer.statusCode() == 401 && guesses < 20);
      assertThat(answer.statusCode()).isEqualTo(429);
    }
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> get(String url, @Nullable String auth) throws Exception {
    return get(url, auth, null);
  }

  private HttpResponse<String> get(String url, @Nullable String auth, @Nullable String forwardedFor)
      throws Exception {
    return http.send(request(url, auth, forwardedFor).GET().build(), BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String url, String auth, String forwardedFor, String json)
      throws Exception {
    HttpRequest r =
        request(url, auth, forwardedFor)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    return http.send(r, BodyHandlers.ofString());
  }

  private static HttpRequest.Builder request(
      String url, @Nullable String auth, @Nullable String forwardedFor) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    if (forwardedFor != null) {
      b.header("X-Forwarded-For", forwardedFor);
    }
    return b;
  }
}
