package io.galley.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.galley.core.access.IdentityStore;
import io.galley.core.access.NewApiToken;
import io.galley.core.access.NewUser;
import io.galley.core.access.TokenScope;
import io.galley.core.access.TokenSecrets;
import io.galley.server.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

/**
 * A server with access control on, over real HTTP: nobody gets in without credentials, on every
 * surface; a read token reads, a write token writes, only an administrator collects; MLflow's own
 * Java client signs in with a token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessControlApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CREATE = "/api/2.0/mlflow/experiments/create";
  private static final String SEARCH = "/api/2.0/mlflow/runs/search";

  private final HttpClient http = HttpClient.newHttpClient();
  private TestServer server;
  private String readToken;
  private String writeToken;

  @BeforeAll
  void start(@TempDir Path dir) {
    server = TestServer.h2WithAccessControl(dir);
    IdentityStore identities = server.store().identities();
    identities.createUser(new NewUser("root", PasswordHashes.hash("root password"), true));
    identities.createUser(new NewUser("ann", PasswordHashes.hash("ann password"), false));
    readToken = token(identities, "ann", TokenScope.READ);
    writeToken = token(identities, "ann", TokenScope.WRITE);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private static String token(IdentityStore identities, String user, TokenScope scope) {
    TokenSecrets.Issued t = TokenSecrets.issue();
    identities.createToken(
        new NewApiToken(t.id(), user, scope.name(), scope, null, t.secretHash()), Instant.now());
    return t.secret();
  }

  private static String basic(String user, String secret) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> send(String method, String path, String body, String auth)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.uri() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body());
  }

  @Test
  void withoutCredentialsEverySurfaceAsksForThemAndShowsNothing() throws Exception {
    List<String[]> requests =
        List.of(
            new String[] {"POST", CREATE, "{\"name\": \"x\"}"},
            new String[] {"POST", SEARCH, "{\"experiment_ids\": [\"0\"]}"},
            new String[] {"GET", "/api/2.0/mlflow/experiments/get?experiment_id=0", null},
            new String[] {"GET", "/ajax-api/2.0/mlflow/experiments/get?experiment_id=0", null},
            new String[] {"GET", "/api/2.0/mlflow-artifacts/artifacts?path=0", null},
            new String[] {"POST", "/api/2.0/galley/gc", "{}"},
            new String[] {"GET", "/api/2.0/galley/session", null});
    for (String[] r : requests) {
      HttpResponse<String> answer = send(r[0], r[1], r[2], null);
      assertThat(answer.statusCode()).as(r[0] + " " + r[1]).isEqualTo(401);
      assertThat(answer.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm="));
      assertThat(json(answer).path("error_code").asText()).as(r[1]).isEqualTo("UNAUTHENTICATED");
      assertThat(answer.body()).doesNotContain("Default");
    }
    HttpResponse<String> registry = send("GET", "/v2/_catalog", null, null);
    assertThat(registry.statusCode()).isEqualTo(401);
    assertThat(registry.headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(json(registry).at("/errors/0/code").asText()).isEqualTo("UNAUTHORIZED");
    assertThat(send("GET", "/health", null, null).statusCode()).isEqualTo(200);
    // The web UI's pages are its shell, no data: they load, then show the login page.
    for (String page : List.of("/", "/experiments/0")) {
      HttpResponse<String> shell = send("GET", page, null, null);
      assertThat(shell.statusCode()).isEqualTo(200);
      assertThat(shell.body()).contains("<main data-testid=\"page\"").doesNotContain("Default");
    }
  }

  @Test
  void wrongExpiredOrMalformedCredentialsAreRefusedAlike() throws Exception {
    for (String auth :
        List.of(
            basic("ann", "wrong"),
            basic("nobody", "ann password"),
            "Bearer " + writeToken + "0",
            "Bearer not-a-token",
            "Basic %%%")) {
      HttpResponse<String> r = send("POST", SEARCH, "{\"experiment_ids\": [\"0\"]}", auth);
      assertThat(r.statusCode()).as(auth).isEqualTo(401);
      assertThat(json(r).path("error_code").asText()).isEqualTo("UNAUTHENTICATED");
      assertThat(r.body()).doesNotContain("ann password").doesNotContain(writeToken);
    }
  }

  @Test
  void aReadTokenReadsAWriteTokenWritesAndOnlyAnAdministratorCollects() throws Exception {
    assertThat(
            send("POST", SEARCH, "{\"experiment_ids\": [\"0\"]}", "Bearer " + readToken)
                .statusCode())
        .isEqualTo(200);
    HttpResponse<String> denied =
        send("POST", CREATE, "{\"name\": \"by-reader\"}", "Bearer " + readToken);
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(json(denied).path("error_code").asText()).isEqualTo("PERMISSION_DENIED");

    assertThat(
            send("POST", CREATE, "{\"name\": \"by-writer\"}", "Bearer " + writeToken).statusCode())
        .isEqualTo(200);
    assertThat(
            send("POST", CREATE, "{\"name\": \"by-password\"}", basic("ann", "ann password"))
                .statusCode())
        .isEqualTo(200);
    assertThat(send("POST", "/api/2.0/galley/gc", "{}", "Bearer " + writeToken).statusCode())
        .isEqualTo(403);
    assertThat(
            send("POST", "/api/2.0/galley/gc", "{}", basic("root", "root password")).statusCode())
        .isEqualTo(200);
    HttpResponse<String> push =
        send("POST", "/v2/team/app/blobs/uploads/", null, basic("ann", readToken));
    assertThat(push.statusCode()).isEqualTo(403);
    assertThat(json(push).at("/errors/0/code").asText()).isEqualTo("DENIED");
    assertThat(send("GET", "/v2/", null, basic("ann", readToken)).statusCode()).isEqualTo(200);
  }

  @Test
  void mlflowsJavaClientSignsInWithAToken() {
    MlflowClient signedIn = new MlflowClient(new BasicMlflowHostCreds(server.uri(), writeToken));
    String id = signedIn.createExperiment("from-mlflow-java");
    assertThat(signedIn.getExperiment(id).getName()).isEqualTo("from-mlflow-java");

    MlflowClient anonymous = new MlflowClient(server.uri());
    MlflowHttpException refused =
        catchThrowableOfType(
            () -> anonymous.createExperiment("anonymous"), MlflowHttpException.class);
    assertThat(refused.getStatusCode()).isEqualTo(401);
  }

  @Test
  void anAdministratorManagesUsersAsMlflowsAuthClientAsksAndAUserOnlyThemself() throws Exception {
    String root = basic("root", "root password");
    HttpResponse<String> created =
        send(
            "POST",
            "/api/2.0/mlflow/users/create",
            "{\"username\": \"cy\", \"password\": \"cy password\"}",
            root);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    assertThat(json(created).at("/user/username").asText()).isEqualTo("cy");
    assertThat(json(created).at("/user/is_admin").asBoolean()).isFalse();
    assertThat(created.body()).doesNotContain("cy password").doesNotContain("argon2");
    String cy = basic("cy", "cy password");

    assertThat(send("GET", "/api/2.0/mlflow/users/get?username=cy", null, cy).statusCode())
        .isEqualTo(200);
    assertThat(send("GET", "/api/2.0/mlflow/users/get?username=root", null, cy).statusCode())
        .isEqualTo(403);
    assertThat(
            send(
                    "POST",
                    "/api/2.0/mlflow/users/create",
                    "{\"username\": \"dee\", \"password\": \"dee password\"}",
                    cy)
                .statusCode())
        .isEqualTo(403);
    assertThat(
            send(
                    "PATCH",
                    "/api/2.0/mlflow/users/update-password",
                    "{\"username\": \"cy\", \"password\": \"cy's new password\"}",
                    cy)
                .statusCode())
        .isEqualTo(200);
    assertThat(send("GET", "/api/2.0/mlflow/users/get?username=cy", null, cy).statusCode())
        .isEqualTo(401);
    cy = basic("cy", "cy's new password");
    assertThat(
            send(
                    "PATCH",
                    "/api/2.0/mlflow/users/update-admin",
                    "{\"username\": \"cy\", \"is_admin\": true}",
                    root)
                .statusCode())
        .isEqualTo(200);
    assertThat(send("GET", "/api/2.0/galley/users/list", null, cy).statusCode()).isEqualTo(200);
    assertThat(
            send("DELETE", "/api/2.0/mlflow/users/delete", "{\"username\": \"cy\"}", root)
                .statusCode())
        .isEqualTo(200);
    assertThat(send("GET", "/api/2.0/galley/users/list", null, cy).statusCode()).isEqualTo(401);
    HttpResponse<String> duplicate =
        send(
            "POST",
            "/api/2.0/mlflow/users/create",
            "{\"username\": \"ann\", \"password\": \"12345678\"}",
            root);
    assertThat(json(duplicate).path("error_code").asText()).isEqualTo("RESOURCE_ALREADY_EXISTS");
    HttpResponse<String> shortPassword =
        send(
            "POST",
            "/api/2.0/mlflow/users/create",
            "{\"username\": \"eve\", \"password\": \"short\"}",
            root);
    assertThat(shortPassword.statusCode()).isEqualTo(400);
  }

  @Test
  void aUserMakesATokenUsesItAndRevokesIt() throws Exception {
    String ann = basic("ann", "ann password");
    HttpResponse<String> made =
        send(
            "POST",
            "/api/2.0/galley/tokens/create",
            "{\"name\": \"ci\", \"scope\": \"read\", \"expires_in_seconds\": 3600}",
            ann);
    assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
    String secret = json(made).path("secret").asText();
    String id = json(made).at("/token/token_id").asText();
    assertThat(secret).startsWith("galley_" + id + "_");
    assertThat(json(made).at("/token/scope").asText()).isEqualTo("read");
    assertThat(json(made).at("/token/expires_at").asLong()).isPositive();

    assertThat(
            send("POST", SEARCH, "{\"experiment_ids\": [\"0\"]}", "Bearer " + secret).statusCode())
        .isEqualTo(200);
    HttpResponse<String> listed = send("GET", "/api/2.0/galley/tokens/list", null, ann);
    assertThat(listed.body()).contains(id).doesNotContain(secret);
    // A read sign-in cannot make a write token; nobody can make one past their own reach.
    assertThat(
            send(
                    "POST",
                    "/api/2.0/galley/tokens/create",
                    "{\"name\": \"x\", \"scope\": \"admin\"}",
                    ann)
                .statusCode())
        .isEqualTo(403);
    assertThat(
            send("POST", "/api/2.0/galley/tokens/revoke", "{\"token_id\": \"" + id + "\"}", ann)
                .statusCode())
        .isEqualTo(200);
    assertThat(
            send("POST", SEARCH, "{\"experiment_ids\": [\"0\"]}", "Bearer " + secret).statusCode())
        .isEqualTo(401);
    assertThat(
            json(send(
                    "POST", "/api/2.0/galley/tokens/revoke", "{\"token_id\": \"" + id + "\"}", ann))
                .path("error_code")
                .asText())
        .isEqualTo("RESOURCE_DOES_NOT_EXIST");
  }
}
