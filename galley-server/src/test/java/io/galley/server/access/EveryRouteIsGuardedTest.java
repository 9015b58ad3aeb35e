package io.galley.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.galley.core.access.IdentityStore;
import io.galley.core.access.NewApiToken;
import io.galley.core.access.NewUser;
import io.galley.core.access.Permission;
import io.galley.core.access.TokenScope;
import io.galley.core.access.TokenSecrets;
import io.galley.server.GalleyServer.Route;
import io.galley.server.TestServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route the server registers, called without credentials, with a wrong password, an expired
 * token and a revoked one: 401 every time, never an answer from the route; then as a signed-in user
 * without permission on what the request names: never the data, never a change, never a 500, and
 * 403 wherever the route names something. A route added later is in these lists by itself, so one
 * that escaped the guard, or that names a resource without checking it, fails here.
 */
class EveryRouteIsGuardedTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Routes a signed-in user without any permission may still call: searches and listings that
   * narrow themselves to what the caller may read, creations, the caller's own account and tokens,
   * and the web UI's static files. Any other route must refuse with 403.
   */
  private static final Set<String> OPEN_TO_ANY_USER =
      Set.of(
          "experiments/create",
          "experiments/search",
          "registered-models/create",
          "registered-models/search",
          "model-versions/search",
          "galley/experiments/summary",
          "galley/tokens/create",
          "galley/tokens/list",
          "galley/tokens/revoke",
          "users/update-password",
          "galley/session",
          "galley/session/login",
          "galley/session/logout",
          // A pull lands in a repository named after its source: a new name is anyone's to
          // claim, as by a first push (RegistryPermissions); one someone holds is refused.
          "galley/images/pull",
          // Lists only the repositories the caller may pull (nothing, for this test's user).
          "galley/images/list",
          "/v2/token");

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void noRouteButTheProbesAnswersWithoutSigningIn(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.h2WithAccessControl(dir)) {
      IdentityStore identities = server.store().identities();
      identities.createUser(new NewUser("ann", PasswordHashes.hash("pw-ann-1"), false));
      String good = basic("ann", "pw-ann-1");
      Instant now = Instant.now();
      String expired = token(identities, "ann", now.minusSeconds(3600), now.minusSeconds(1));
      String revokedSecret = TokenSecrets.issue().secret();
      TokenSecrets.Issued revoked = TokenSecrets.issue();
      identities.createToken(
          new NewApiToken(
              revoked.id(), "ann", "gone", TokenScope.WRITE, null, revoked.secretHash()),
          now);
      identities.revokeToken("ann", revoked.id(), now);
      List<Route> routes = server.server().routes();
      assertThat(routes).hasSizeGreaterThan(50);
      List<String> checked = new ArrayList<>();
      for (Route route : routes) {
        String path = concrete(route.path());
        if (RequestScopes.isOpen(path)
            || route.method().equals("OPTIONS")
            || route.path().equals(RegistryTokenRoutes.PATH)) {
          continue; // the token endpoint serves anonymous callers: RegistryTokenFlowTest
        }
        for (String auth :
            new String[] {
              null,
              basic("ann", "nope"),
              "Bearer " + expired,
              "Bearer " + revoked.secret(),
              basic("ann", revoked.secret()),
              "Bearer " + revokedSecret
            }) {
          HttpResponse<String> r = send(server.uri(), route.method(), path, "{}", auth);
          assertThat(r.statusCode()).as(route + " as " + path + " with " + auth).isEqualTo(401);
          assertThat(r.headers().firstValue("WWW-Authenticate")).as(route.toString()).isPresent();
        }
        // A sign-in that works clears the address's failures (five, all within the free ones),
        // so none is slowed (429) here; SignInThrottleTest covers the slowing.
        assertThat(send(server.uri(), "GET", "/api/2.0/galley/tokens/list", "", good).statusCode())
            .isEqualTo(200);
        checked.add(route.method() + " " + route.path());
      }
      assertThat(checked).hasSizeGreaterThan(50);
    }
  }

  /**
   * Root's experiment (with a tag), run (param, metric, an artifact), registered model (with a
   * version and an alias) and trace; eve, whose default is NO_PERMISSIONS, calls every route with
   * every field naming them. The secrets never appear in an answer, nothing changes, and every
   * route but the {@link #OPEN_TO_ANY_USER} answers 403 {@code PERMISSION_DENIED}.
   */
  @Test
  void noRouteHandsAUserWithoutPermissionWhatItNames(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.h2WithAccessControl(dir)) {
      IdentityStore identities = server.store().identities();
      identities.createUser(new NewUser("root", PasswordHashes.hash("root-password"), true));
      identities.createUser(new NewUser("eve", PasswordHashes.hash("eve-password"), false));
      server.store().permissions().setDefaultPermission("eve", Permission.NO_PERMISSIONS);
      String root = basic("root", "root-password");
      String eve = basic("eve", "eve-password");
      String base = server.uri();
      String api = "/api/2.0/mlflow/";

      String exp =
          JSON.readTree(
                  ok(
                      base,
                      "POST",
                      api + "experiments/create",
                      "{\"name\": \"root-exp\", \"tags\": [{\"key\": \"t\", \"value\": \"secret-tag\"}]}",
                      root))
              .path("experiment_id")
              .asText();
      String run =
          JSON.readTree(
                  ok(
                      base,
                      "POST",
                      api + "runs/create",
                      "{\"experiment_id\": \"" + exp + "\"}",
                      root))
              .path("run")
              .path("info")
              .path("run_id")
              .asText();
      ok(
          base,
          "POST",
          api + "runs/log-batch",
          "{\"run_id\": \""
              + run
              + "\", \"params\": [{\"key\": \"p\", \"value\": \"secret-param\"}],"
              + " \"metrics\": [{\"key\": \"m\", \"value\": 0.123456789, \"timestamp\": 1, \"step\": 0}]}",
          root);
      String artifact = exp + "/" + run + "/artifacts/secret.txt";
      ok(base, "PUT", "/api/2.0/mlflow-artifacts/artifacts/" + artifact, "secret-bytes", root);
      ok(
          base,
          "POST",
          api + "registered-models/create",
          "{\"name\": \"root-model\", \"description\": \"secret-description\"}",
          root);
      ok(
          base,
          "POST",
          api + "model-versions/create",
          "{\"name\": \"root-model\", \"source\": \"runs:/"
              + run
              + "/\", \"run_id\": \""
              + run
              + "\", \"description\": \"secret-version\"}",
          root);
      ok(
          base,
          "POST",
          api + "registered-models/alias",
          "{\"name\": \"root-model\", \"alias\": \"champion\", \"version\": \"1\"}",
          root);
      String trace =
          JSON.readTree(
                  ok(
                      base,
                      "POST",
                      api + "traces",
                      "{\"experiment_id\": \""
                          + exp
                          + "\", \"timestamp_ms\": 1,"
                          + " \"tags\": [{\"key\": \"k\", \"value\": \"secret-trace\"}]}",
                      root))
              .path("trace_info")
              .path("request_id")
              .asText();
      String before = snapshot(base, root, exp, run, trace);

      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("experiment_id", exp);
      fields.put("experiment_ids", List.of(exp));
      fields.put("experiment_name", "root-exp");
      fields.put("run_id", run);
      fields.put("run_uuid", run);
      fields.put("run_ids", List.of(run));
      fields.put("name", "root-model");
      fields.put("new_name", "eve-model");
      fields.put("version", "1");
      fields.put("alias", "champion");
      fields.put("request_id", trace);
      fields.put("request_ids", List.of(trace));
      fields.put("metric_key", "m");
      fields.put("metric", "m");
      fields.put("key", "t");
      fields.put("value", "eve-was-here");
      fields.put("path", artifact);
      fields.put("source", "runs:/" + run + "/");
      fields.put("username", "root");
      fields.put("permission", "MANAGE");
      fields.put("new_name", "eve-name");
      fields.put("stage", "Archived");
      fields.put("status", "FINISHED");
      fields.put("max_timestamp_millis", 9_000_000_000_000L);
      fields.put("model_uri", "models:/root-model@champion");
      fields.put("reference", "eve/stolen:1");
      String body = JSON.writeValueAsString(fields);
      StringBuilder query = new StringBuilder();
      fields.forEach(
          (k, v) -> {
            for (Object one : v instanceof List<?> l ? l : List.of(v)) {
              query
                  .append(query.length() == 0 ? "?" : "&")
                  .append(k)
                  .append('=')
                  .append(URLEncoder.encode(one.toString(), StandardCharsets.UTF_8));
            }
          });

      Map<String, Integer> answered = new TreeMap<>();
      for (Route route : server.server().routes()) {
        if (route.method().equals("OPTIONS")
            || RequestScopes.isOpen(route.path())
            || route.path().startsWith("/v2")) {
          continue;
        }
        String path =
            route
                .path()
                .replace("{request_id}", trace)
                .replace("{experiment_id}", exp)
                .replace("{file}", "traces.json")
                .replace("<path>", artifact)
                .replaceAll("\\{[^}]*}", "x")
                .replaceAll("<[^>]*>", "x/y");
        HttpResponse<String> r = send(base, route.method(), path + query, body, eve);
        String shown = route + ": " + r.statusCode() + " " + r.body();
        // MLflow's multipart upload answers every caller 501 with MLflow's own words, which its
        // client takes as the cue to send one PUT instead: nothing is read or written.
        boolean multipart = route.path().contains("/mlflow-artifacts/mpu/");
        assertThat(r.statusCode()).as(shown).isLessThan(multipart ? 502 : 500);
        for (String secret :
            List.of(
                "secret-tag",
                "secret-param",
                "secret-bytes",
                "secret-description",
                "secret-version",
                "secret-trace",
                "0.123456789",
                "root-password")) {
          assertThat(r.body()).as(shown).doesNotContain(secret);
        }
        answered.put(route.method() + " " + route.path(), r.statusCode());
        if (!openToAnyUser(route.path()) && !multipart) {
          assertThat(r.statusCode()).as(shown).isEqualTo(403);
          assertThat(r.body()).as(shown).contains("PERMISSION_DENIED");
        }
      }
      assertThat(answered).hasSizeGreaterThan(50);
      assertThat(snapshot(base, root, exp, run, trace)).isEqualTo(before);
    }
  }

  private static boolean openToAnyUser(String path) {
    String p = path.replaceFirst("^/(ajax-)?api/2\\.0/(mlflow/)?", "");
    return OPEN_TO_ANY_USER.contains(p)
        || p.startsWith("/ui/")
        || io.galley.server.ui.UiRoutes.PAGE_PATHS.contains(path);
  }

  /** What root's resources hold, as root reads them. */
  private String snapshot(String base, String root, String exp, String run, String trace)
      throws Exception {
    String api = "/api/2.0/mlflow/";
    return ok(base, "GET", api + "experiments/get?experiment_id=" + exp, "", root)
        + ok(base, "GET", api + "runs/get?run_id=" + run, "", root)
        + ok(base, "GET", api + "registered-models/get?name=root-model", "", root)
        + ok(base, "GET", api + "model-versions/get?name=root-model&version=1", "", root)
        + ok(base, "GET", api + "traces/" + trace + "/info", "", root)
        + ok(
            base,
            "GET",
            "/api/2.0/mlflow-artifacts/artifacts/" + exp + "/" + run + "/artifacts/secret.txt",
            "",
            root)
        + ok(
            base,
            "GET",
            api + "experiments/permissions/get?experiment_id=" + exp + "&username=root",
            "",
            root);
  }

  private String ok(String base, String method, String path, String body, String auth)
      throws Exception {
    HttpResponse<String> r = send(base, method, path, body, auth);
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(200);
    return r.body();
  }

  private static String token(
      IdentityStore identities, String user, Instant createdAt, @Nullable Instant expiresAt) {
    TokenSecrets.Issued t = TokenSecrets.issue();
    identities.createToken(
        new NewApiToken(t.id(), user, "t", TokenScope.WRITE, expiresAt, t.secretHash()), createdAt);
    return t.secret();
  }

  private static String basic(String user, String secret) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  /** The pattern with every parameter and wildcard filled in. */
  private static String concrete(String pattern) {
    if (pattern.equals("/v2/*")) {
      return "/v2/x/tags/list"; // a registry endpoint: a path that names none is 404 to anyone
    }
    return pattern.replaceAll("\\{[^}]*}", "x").replaceAll("<[^>]*>", "x/y").replace("*", "x");
  }

  private HttpResponse<String> send(
      String base, String method, String path, String body, @Nullable String auth)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .method(
                method,
                method.equals("GET") || method.equals("HEAD") || body.isEmpty()
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (!method.equals("GET") && !method.equals("HEAD")) {
      b.header("Content-Type", "application/json");
    }
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
