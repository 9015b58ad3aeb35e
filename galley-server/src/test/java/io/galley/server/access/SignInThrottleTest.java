package io.galley.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.core.access.NewUser;
import io.galley.server.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
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

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> get(String url, String auth) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
