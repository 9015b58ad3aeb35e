package io.galley.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.core.access.NewUser;
import io.galley.server.GalleyServer.Route;
import io.galley.server.TestServer;
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
 * Every route the server registers, called without credentials and with wrong ones: 401 every time,
 * never an answer from the route. A route added later is in this list by itself, so one that
 * escaped the guard would fail here.
 */
class EveryRouteIsGuardedTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void noRouteButTheProbesAnswersWithoutSigningIn(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.h2WithAccessControl(dir)) {
      server
          .store()
          .identities()
          .createUser(new NewUser("ann", PasswordHashes.hash("pw-ann-1"), false));
      List<Route> routes = server.server().routes();
      assertThat(routes).hasSizeGreaterThan(50);
      List<String> checked = new ArrayList<>();
      String wrong =
          "Basic "
              + Base64.getEncoder().encodeToString("ann:nope".getBytes(StandardCharsets.UTF_8));
      int tried = 0;
      for (Route route : routes) {
        String path = concrete(route.path());
        if (RequestScopes.isOpen(path) || route.method().equals("OPTIONS")) {
          continue;
        }
        // Wrong credentials on the first few routes only: past five failures the address is
        // slowed (429), which SignInThrottleTest covers.
        for (String auth :
            new String[] {null, tried++ < FailedSignIns.FREE_FAILURES ? wrong : null}) {
          HttpResponse<String> r = send(server.uri(), route.method(), path, auth);
          assertThat(r.statusCode()).as(route + " as " + path).isEqualTo(401);
          assertThat(r.headers().firstValue("WWW-Authenticate")).as(route.toString()).isPresent();
        }
        checked.add(route.method() + " " + route.path());
      }
      assertThat(checked).hasSizeGreaterThan(50);
    }
  }

  /** The pattern with every parameter and wildcard filled in. */
  private static String concrete(String pattern) {
    return pattern.replaceAll("\\{[^}]*}", "x").replaceAll("<[^>]*>", "x/y").replace("*", "x");
  }

  private HttpResponse<String> send(String base, String method, String path, String auth)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .method(
                method,
                method.equals("GET") || method.equals("HEAD")
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString("{}"));
    if (!method.equals("GET") && !method.equals("HEAD")) {
      b.header("Content-Type", "application/json");
    }
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
