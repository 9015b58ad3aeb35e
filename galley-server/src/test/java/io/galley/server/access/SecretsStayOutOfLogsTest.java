package io.galley.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.core.access.NewUser;
import io.galley.server.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passwords and tokens, right or wrong, never reach the server's log or an answer's body: signing
 * in with them, failing to, making a token, the registry's token flow, the web session.
 */
class SecretsStayOutOfLogsTest {
  @Test
  void noSecretIsLoggedOrEchoed(@TempDir Path dir) throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    List<String> bodies = new ArrayList<>();
    String password = "correct horse battery staple";
    String wrongPassword = "wrong-horse-battery-9f8e7d";
    String wrongToken = "galley_zzzzzzzzzzzz_" + "q".repeat(43);
    String secret;
    try (TestServer server = TestServer.h2WithAccessControl(dir)) {
      server
          .store()
          .identities()
          .createUser(new NewUser("ada", PasswordHashes.hash(password), true));
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      HttpClient http = HttpClient.newHttpClient();
      String good = basic("ada", password);
      String made =
          send(http, server, "POST", "/api/2.0/galley/tokens/create", "{\"name\": \"t\"}", good);
      secret = made.replaceAll(".*\"secret\":\"([^\"]+)\".*", "$1");
      assertThat(secret).startsWith("galley_");
      for (String auth :
          List.of(
              basic("ada", wrongPassword),
              basic("nobody", wrongPassword),
              "Bearer " + wrongToken,
              basic("ada", wrongToken),
              "Bearer " + secret,
              basic("ada", secret),
              good)) {
        bodies.add(send(http, server, "GET", "/api/2.0/mlflow/experiments/search", "", auth));
        bodies.add(send(http, server, "GET", "/v2/token?service=galley-registry", "", auth));
        bodies.add(send(http, server, "GET", "/v2/", "", auth));
        // A good sign-in clears the failures, so the throttle answers none of these.
        send(http, server, "GET", "/api/2.0/galley/tokens/list", "", good);
      }
      bodies.add(
          send(
              http,
              server,
              "POST",
              "/api/2.0/galley/session/login",
              "{\"username\": \"ada\", \"password\": \"" + wrongPassword + "\"}",
              null));
      bodies.add(
          send(
              http,
              server,
              "POST",
              "/api/2.0/mlflow/users/create",
              "{\"username\": \"bo\", \"password\": \"" + wrongPassword + "\"}",
              good));
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    for (String s : List.of(password, wrongPassword, wrongToken, secret)) {
      assertThat(log).doesNotContain(s);
      assertThat(bodies).noneMatch(b -> b.contains(s));
    }
  }

  private static String basic(String user, String secret) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private static String send(
      HttpClient http, TestServer server, String method, String path, String body, String auth)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.uri() + path))
            .header("Content-Type", "application/json")
            .method(
                method,
                body.isEmpty()
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
  }
}
