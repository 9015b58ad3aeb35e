package io.galley.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.galley.core.access.IdentityStore;
import io.galley.core.access.NewUser;
import io.galley.server.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log over real HTTP: each change a signed-in user makes is one event naming them, the
 * endpoint and the ids it changed, images pushed with a registry token included; what a program
 * logs is not an event; refused requests are not either; no secret is ever in it; only an
 * administrator reads it.
 */
class AuditTrailTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API = "/api/2.0/mlflow/";
  private final HttpClient http = HttpClient.newHttpClient();

  private static String basic(String user, String secret) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> send(
      TestServer server,
      String method,
      String path,
      String body,
      @Nullable String auth,
      String type)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.uri() + path))
            .method(
                method,
                body.isEmpty()
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", type);
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode ok(TestServer server, String method, String path, String body, String auth)
      throws Exception {
    HttpResponse<String> r = send(server, method, path, body, auth, "application/json");
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
    return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
  }

  @Test
  void everyChangeIsOneEventWithItsIdsAndNeverASecret(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.h2WithAccessControl(dir)) {
      IdentityStore identities = server.store().identities();
      identities.createUser(new NewUser("root", PasswordHashes.hash("root password"), true));
      identities.createUser(new NewUser("ada", PasswordHashes.hash("ada password"), false));
      String root = basic("root", "root password");
      String ada = basic("ada", "ada password");

      String exp =
          ok(server, "POST", API + "experiments/create", "{\"name\": \"audited\"}", ada)
              .path("experiment_id")
              .asText();
      String run =
          ok(server, "POST", API + "runs/create", "{\"experiment_id\": \"" + exp + "\"}", ada)
              .path("run")
              .path("info")
              .path("run_id")
              .asText();
      ok(
          server,
          "POST",
          API + "runs/set-tag",
          "{\"run_id\": \"" + run + "\", \"key\": \"k\", \"value\": \"a tag value\"}",
          ada);
      ok(
          server,
          "POST",
          API + "runs/log-batch",
          "{\"run_id\": \""
              + run
              + "\", \"metrics\": [{\"key\": \"m\", \"value\": 1, \"timestamp\": 1}]}",
          ada);
      ok(server, "POST", API + "runs/search", "{\"experiment_ids\": [\"" + exp + "\"]}", ada);
      HttpResponse<String> refused =
          send(
              server,
              "POST",
              API + "experiments/delete",
              "{\"experiment_id\": \"0\"}",
              ada,
              "application/json");
      assertThat(refused.statusCode()).isEqualTo(403);
      ok(
          server,
          "POST",
          "/api/2.0/mlflow/users/create",
          "{\"username\": \"bo\", \"password\": \"bo's secret password\"}",
          root);
      JsonNode made =
          ok(
              server,
              "POST",
              "/api/2.0/galley/tokens/create",
              "{\"name\": \"laptop\", \"scope\": \"read\"}",
              ada);
      String secret = made.path("secret").asText();
      ok(
          server,
          "POST",
          API + "experiments/permissions/create",
          "{\"experiment_id\": \"" + exp + "\", \"username\": \"bo\", \"permission\": \"READ\"}",
          ada);

      // An image pushed with a registry token.
      JsonNode token =
          JSON.readTree(
              send(
                      server,
                      "GET",
                      "/v2/token?service=galley-registry&scope=repository:ada/img:pull,push",
                      "",
                      ada,
                      "application/json")
                  .body());
      String bearer = "Bearer " + token.path("token").asText();
      byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
      String digest =
          "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(config));
      HttpResponse<String> blob =
          send(
              server,
              "POST",
              "/v2/ada/img/blobs/uploads/?digest=" + digest,
              "{}",
              bearer,
              "application/octet-stream");
      assertThat(blob.statusCode()).as(blob.body()).isEqualTo(201);
      String manifest =
          "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
              + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
              + "\"digest\":\""
              + digest
              + "\",\"size\":2},\"layers\":[]}";
      HttpResponse<String> pushed =
          send(
              server,
              "PUT",
              "/v2/ada/img/manifests/v1",
              manifest,
              bearer,
              "application/vnd.oci.image.manifest.v1+json");
      assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);

      JsonNode log = ok(server, "GET", "/api/2.0/galley/audit/list?max_results=100", "", root);
      List<String> events = new ArrayList<>();
      for (JsonNode e : log.path("events")) {
        events.add(
            e.path("user").asText()
                + " "
                + e.path("action").asText()
                + " "
                + e.path("resource").asText()
                + " "
                + e.path("status").asInt());
      }
      assertThat(events)
          .containsExactly(
              "ada registry/push path=/v2/ada/img/manifests/v1 201",
              "ada experiments/permissions/create experiment_id="
                  + exp
                  + " username=bo permission=READ 200",
              "ada galley/tokens/create name=laptop scope=read 200",
              "root users/create username=bo 200",
              "ada runs/set-tag run_id=" + run + " key=k 200",
              "ada runs/create experiment_id=" + exp + " 200",
              "ada experiments/create name=audited 200");
      assertThat(log.toString())
          .doesNotContain(secret)
          .doesNotContain("bo's secret password")
          .doesNotContain("a tag value");

      JsonNode byRoot =
          ok(server, "GET", "/api/2.0/galley/audit/list?user=root", "", root).path("events");
      assertThat(byRoot).hasSize(1);
      long last = log.path("events").get(0).path("timestamp").asLong();
      assertThat(
              ok(server, "GET", "/api/2.0/galley/audit/list?since=" + (last + 1), "", root)
                  .path("events"))
          .isEmpty();
      JsonNode page = ok(server, "GET", "/api/2.0/galley/audit/list?max_results=3", "", root);
      assertThat(page.path("events")).hasSize(3);
      JsonNode next =
          ok(
              server,
              "GET",
              "/api/2.0/galley/audit/list?max_results=100&page_token="
                  + page.path("next_page_token").asText(),
              "",
              root);
      assertThat(next.path("events")).hasSize(4);
      assertThat(
              send(server, "GET", "/api/2.0/galley/audit/list", "", ada, "application/json")
                  .statusCode())
          .isEqualTo(403);
      assertThat(
              send(
                      server,
                      "GET",
                      "/api/2.0/galley/audit/list?since=yesterday",
                      "",
                      root,
                      "application/json")
                  .statusCode())
          .isEqualTo(400);
    }
  }
}
