package io.galley.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.galley.core.access.Grantee;
import io.galley.core.access.IdentityStore;
import io.galley.core.access.NewApiToken;
import io.galley.core.access.NewUser;
import io.galley.core.access.Permission;
import io.galley.core.access.RepositoryPattern;
import io.galley.core.access.TokenScope;
import io.galley.core.access.TokenSecrets;
import io.galley.server.TestServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Docker's token flow over real HTTP, as {@code docker}, {@code podman}, {@code skopeo} and
 * containerd walk it: the {@code /v2/} challenge, the token endpoint by GET and by OAuth2 POST, the
 * intersection of what is asked and allowed, insufficient and forged tokens, public repositories
 * pulled anonymously, and the first pusher of a name owning it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryTokenFlowTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private TestServer server;
  private String readToken;

  @BeforeAll
  void start(@TempDir Path dir) {
    server = TestServer.h2WithAccessControl(dir);
    IdentityStore identities = server.store().identities();
    identities.createUser(new NewUser("root", PasswordHashes.hash("root password"), true));
    identities.createUser(new NewUser("ada", PasswordHashes.hash("ada password"), false));
    identities.createUser(new NewUser("bob", PasswordHashes.hash("bob password"), false));
    TokenSecrets.Issued t = TokenSecrets.issue();
    identities.createToken(
        new NewApiToken(t.id(), "ada", "read", TokenScope.READ, null, t.secretHash()),
        Instant.now());
    readToken = t.secret();
    server
        .store()
        .permissions()
        .createRepositoryGrant(
            new RepositoryPattern("public/*"), Grantee.anyone(), Permission.READ);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private static String basic(String user, String secret) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> send(
      String method, String path, @Nullable String auth, byte[] body, @Nullable String type)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.uri() + path))
            .method(
                method,
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    if (type != null) {
      b.header("Content-Type", type);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, @Nullable String auth) throws Exception {
    return send("GET", path, auth, new byte[0], null);
  }

  /** The token the endpoint hands {@code auth} for {@code scopes}, as docker asks for it. */
  private String token(@Nullable String auth, String account, String... scopes) throws Exception {
    StringBuilder q = new StringBuilder("/v2/token?service=galley-registry");
    if (account != null) {
      q.append("&account=").append(account);
    }
    for (String s : scopes) {
      q.append("&scope=").append(URLEncoder.encode(s, StandardCharsets.UTF_8));
    }
    HttpResponse<String> r = get(q.toString(), auth);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode json = JSON.readTree(r.body());
    assertThat(json.path("access_token").asText()).isEqualTo(json.path("token").asText());
    assertThat(json.path("expires_in").asLong()).isGreaterThanOrEqualTo(60);
    return json.path("token").asText();
  }

  private static List<String> access(String jwt) throws Exception {
    JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    return java.util.stream.StreamSupport.stream(claims.path("access").spliterator(), false)
        .map(a -> a.path("type").asText() + ":" + a.path("name").asText() + ":" + a.path("actions"))
        .toList();
  }

  /** Pushes a one-blob upload to {@code repo} with {@code auth}: the status of its POST. */
  private int startUpload(String repo, String auth) throws Exception {
    return send("POST", "/v2/" + repo + "/blobs/uploads/", auth, new byte[0], null).statusCode();
  }

  @Test
  void thePingChallengesWithTheRealmAndAnyTokenPassesIt() throws Exception {
    HttpResponse<String> ping = get("/v2/", null);
    assertThat(ping.statusCode()).isEqualTo(401);
    String challenge = ping.headers().firstValue("WWW-Authenticate").orElseThrow();
    assertThat(challenge)
        .isEqualTo("Bearer realm=\"" + server.uri() + "/v2/token\",service=\"galley-registry\"");
    assertThat(JSON.readTree(ping.body()).path("errors").get(0).path("code").asText())
        .isEqualTo("UNAUTHORIZED");
    // docker login: Basic, account, no scope; then the ping with the token.
    String token = token(basic("ada", "ada password"), "ada");
    assertThat(access(token)).isEmpty();
    assertThat(get("/v2/", "Bearer " + token).statusCode()).isEqualTo(200);
    // An API token in place of a password, as `docker login -p <token>` sends it.
    assertThat(get("/v2/", "Bearer " + token(basic("ada", readToken), "ada")).statusCode())
        .isEqualTo(200);
    // A wrong password is no token, and an account that is not the signed-in user neither.
    assertThat(
            get("/v2/token?service=galley-registry&account=ada", basic("ada", "nope")).statusCode())
        .isEqualTo(401);
    assertThat(
            get("/v2/token?service=galley-registry&account=bob", basic("ada", "ada password"))
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  void aTokenGrantsWhatWasAskedAndAllowedAndTheRegistryHoldsItToThat() throws Exception {
    // ada pushes first to ada/model: the name is hers now.
    String ada = token(basic("ada", "ada password"), "ada", "repository:ada/model:pull,push");
    assertThat(access(ada)).containsExactly("repository:ada/model:[\"pull\",\"push\"]");
    assertThat(startUpload("ada/model", "Bearer " + ada)).isEqualTo(202);

    // bob asks the same: pull only (the default, READ), and his push is refused.
    String bob = token(basic("bob", "bob password"), "bob", "repository:ada/model:pull,push");
    assertThat(access(bob)).containsExactly("repository:ada/model:[\"pull\"]");
    HttpResponse<String> refused =
        send("POST", "/v2/ada/model/blobs/uploads/", "Bearer " + bob, new byte[0], null);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("scope=\"repository:ada/model:pull,push\"")
        .contains("error=\"insufficient_scope\"");
    // With Basic straight to the registry: 403, he is known and not allowed.
    assertThat(startUpload("ada/model", basic("bob", "bob password"))).isEqualTo(403);

    // A read-only token of ada's pulls at most.
    String read = token("Bearer " + readToken, null, "repository:ada/model:pull,push,delete");
    assertThat(access(read)).containsExactly("repository:ada/model:[\"pull\"]");

    // The catalog is an administrator's; `*` is granted whole or not at all.
    assertThat(access(token(basic("ada", "ada password"), "ada", "registry:catalog:*"))).isEmpty();
    String root =
        token(
            basic("root", "root password"),
            "root",
            "registry:catalog:*",
            "repository:root/x:*",
            "repository:127.0.0.1:5000/x:pull");
    // No repository here is named with a host and port: that scope parses and grants nothing.
    assertThat(access(root))
        .containsExactly("registry:catalog:[\"*\"]", "repository:root/x:[\"*\"]");
    assertThat(get("/v2/_catalog", "Bearer " + root).statusCode()).isEqualTo(200);
    assertThat(get("/v2/_catalog", "Bearer " + ada).statusCode()).isEqualTo(401);
  }

  @Test
  void aRepositoryGrantChangedThroughTheApiAppliesToTheNextRequest() throws Exception {
    String root = basic("root", "root password");
    String bob = basic("bob", "bob password");
    assertThat(startUpload("root/shared", root)).isEqualTo(202);
    // bob's grants are read, and kept, by this refusal: the grant below must still reach him.
    assertThat(startUpload("root/shared", bob)).isEqualTo(403);
    byte[] grant =
        "{\"pattern\": \"root/shared\", \"username\": \"bob\", \"permission\": \"EDIT\"}"
            .getBytes(StandardCharsets.UTF_8);
    String api = "/api/2.0/galley/repositories/permissions/";
    HttpResponse<String> granted = send("POST", api + "create", root, grant, "application/json");
    assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
    assertThat(startUpload("root/shared", bob)).isEqualTo(202);

    HttpResponse<String> revoked = send("DELETE", api + "delete", root, grant, "application/json");
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
    assertThat(startUpload("root/shared", bob)).isEqualTo(403);
  }

  @Test
  void publicRepositoriesArePulledAnonymouslyAndNothingElseIs() throws Exception {
    byte[] blob = "public bytes".getBytes(StandardCharsets.UTF_8);
    String digest =
        "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(blob));
    HttpResponse<String> put =
        send(
            "POST",
            "/v2/public/tools/blobs/uploads/?digest=" + digest,
            basic("root", "root password"),
            blob,
            "application/octet-stream");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(201);

    String anonymous =
        token(null, null, "repository:public/tools:pull,push", "repository:ada/model:pull");
    assertThat(access(anonymous)).containsExactly("repository:public/tools:[\"pull\"]");
    assertThat(get("/v2/public/tools/blobs/" + digest, "Bearer " + anonymous).statusCode())
        .isEqualTo(200);
    assertThat(get("/v2/ada/model/tags/list", "Bearer " + anonymous).statusCode()).isEqualTo(401);
    assertThat(get("/v2/public/tools/blobs/" + digest, null).statusCode()).isEqualTo(401);
  }

  @Test
  void forgedExpiredAndOtherServersTokensAreInvalid() throws Exception {
    String good = token(basic("root", "root password"), "root", "repository:public/tools:pull");
    String[] parts = good.split("\\.");
    String forged =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("public/tools", "ada/model")
                        .getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    RegistryTokens other =
        new RegistryTokens(RegistryTokens.decodeKey(RegistryTokens.newKey()), Clock.systemUTC());
    RegistryTokens ours =
        new RegistryTokens(
            RegistryTokens.decodeKey(
                server.store().permissions().signingKey(RegistryTokens.KEY_NAME, () -> "unused")),
            Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC));
    List<RegistryScope> pull = List.of(RegistryScope.parse("repository:ada/model:pull"));
    for (String bad :
        List.of(
            forged,
            other.issue("root", pull).token(),
            ours.issue("root", pull).token(),
            "not.a.jwt",
            "x".repeat(3_000))) {
      HttpResponse<String> r = get("/v2/ada/model/tags/list", "Bearer " + bad);
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
          .contains("error=\"invalid_token\"");
    }
  }

  @Test
  void theOAuthFormGrantsByPasswordAndRefusesRefreshTokens() throws Exception {
    String form =
        "grant_type=password&service=galley-registry&client_id=containerd-client&username=ada"
            + "&password="
            + URLEncoder.encode("ada password", StandardCharsets.UTF_8)
            + "&scope="
            + URLEncoder.encode("repository:public/tools:pull", StandardCharsets.UTF_8);
    HttpResponse<String> r =
        send(
            "POST",
            "/v2/token",
            null,
            form.getBytes(StandardCharsets.UTF_8),
            "application/x-www-form-urlencoded");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode json = JSON.readTree(r.body());
    assertThat(json.path("scope").asText()).isEqualTo("repository:public/tools:pull");
    assertThat(access(json.path("access_token").asText()))
        .containsExactly("repository:public/tools:[\"pull\"]");
    HttpResponse<String> refresh =
        send(
            "POST",
            "/v2/token",
            null,
            "grant_type=refresh_token&refresh_token=x&service=galley-registry&client_id=c"
                .getBytes(StandardCharsets.UTF_8),
            "application/x-www-form-urlencoded");
    assertThat(refresh.statusCode()).isEqualTo(400);
    HttpResponse<String> wrong =
        send(
            "POST",
            "/v2/token",
            null,
            "grant_type=password&username=ada&password=nope&service=galley-registry&client_id=c"
                .getBytes(StandardCharsets.UTF_8),
            "application/x-www-form-urlencoded");
    assertThat(wrong.statusCode()).isEqualTo(401);
  }
}
