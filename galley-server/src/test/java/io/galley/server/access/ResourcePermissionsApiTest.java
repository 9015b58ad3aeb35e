package io.galley.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.galley.core.access.Grantee;
import io.galley.core.access.IdentityStore;
import io.galley.core.access.NewUser;
import io.galley.core.access.Permission;
import io.galley.core.access.PermissionStore;
import io.galley.core.access.Resource;
import io.galley.core.tracking.NewRun;
import io.galley.core.tracking.TrackingStore;
import io.galley.server.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-experiment and per-model permissions over real HTTP, as MLflow's basic-auth app has them: the
 * creator manages, others get the default (READ here) unless granted otherwise; EDIT changes but
 * does not delete; MLflow's permission endpoints grant and revoke; searches return only what the
 * caller may read, in full pages.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResourcePermissionsApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API = "/api/2.0/mlflow/";

  private final HttpClient http = HttpClient.newHttpClient();
  private TestServer server;

  @BeforeAll
  void start(@TempDir Path dir) {
    server = TestServer.h2WithAccessControl(dir);
    IdentityStore identities = server.store().identities();
    identities.createUser(new NewUser("root", PasswordHashes.hash("root password"), true));
    for (String name : List.of("ada", "bob", "cy", "eve")) {
      identities.createUser(new NewUser(name, PasswordHashes.hash(name + " password"), false));
    }
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private static String as(String user) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + user + " password").getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> send(String user, String method, String path, String body)
      throws IOException, InterruptedException {
    return sendAs(as(user), method, path, body);
  }

  private JsonNode ok(String user, String method, String path, String body) throws Exception {
    HttpResponse<String> r = send(user, method, path, body);
    assertThat(r.statusCode())
        .as(user + " " + method + " " + path + ": " + r.body())
        .isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private void denied(String user, String method, String path, String body) throws Exception {
    HttpResponse<String> r = send(user, method, path, body);
    assertThat(r.statusCode())
        .as(user + " " + method + " " + path + ": " + r.body())
        .isEqualTo(403);
    assertThat(JSON.readTree(r.body()).path("error_code").asText()).isEqualTo("PERMISSION_DENIED");
  }

  private String createExperiment(String user, String name) throws Exception {
    return ok(user, "POST", API + "experiments/create", "{\"name\": \"" + name + "\"}")
        .path("experiment_id")
        .asText();
  }

  private String createRun(String user, String experimentId) throws Exception {
    return ok(
            user,
            "POST",
            API + "runs/create",
            "{\"experiment_id\": \"" + experimentId + "\", \"start_time\": 1}")
        .path("run")
        .path("info")
        .path("run_id")
        .asText();
  }

  private static String logMetric(String runId) {
    return "{\"run_id\": \"" + runId + "\", \"key\": \"m\", \"value\": 1, \"timestamp\": 1}";
  }

  @Test
  void theCreatorManagesOthersReadUntilGrantedAndEditDoesNotDelete() throws Exception {
    String exp = createExperiment("ada", "ada-own");
    String run = createRun("ada", exp);
    JsonNode own =
        ok(
            "ada",
            "GET",
            API + "experiments/permissions/get?experiment_id=" + exp + "&username=ada",
            "");
    assertThat(own.path("experiment_permission").path("permission").asText()).isEqualTo("MANAGE");
    assertThat(own.path("experiment_permission").path("experiment_id").asText()).isEqualTo(exp);
    assertThat(own.path("experiment_permission").path("user_id").isIntegralNumber()).isTrue();

    // bob: the server's default, READ.
    ok("bob", "GET", API + "runs/get?run_id=" + run, "");
    ok("bob", "GET", API + "experiments/get?experiment_id=" + exp, "");
    denied("bob", "POST", API + "runs/log-metric", logMetric(run));
    denied("bob", "POST", API + "runs/create", "{\"experiment_id\": \"" + exp + "\"}");
    denied(
        "bob",
        "POST",
        API + "runs/log-batch",
        "{\"run_id\": \""
            + run
            + "\", \"metrics\": [{\"key\": \"m\", \"value\": 1, \"timestamp\": 1}]}");
    denied(
        "bob",
        "POST",
        API + "experiments/permissions/create",
        "{\"experiment_id\": \"" + exp + "\", \"username\": \"bob\", \"permission\": \"MANAGE\"}");

    ok(
        "ada",
        "POST",
        API + "experiments/permissions/create",
        "{\"experiment_id\": \"" + exp + "\", \"username\": \"bob\", \"permission\": \"EDIT\"}");
    ok("bob", "POST", API + "runs/log-metric", logMetric(run));
    denied("bob", "POST", API + "runs/delete", "{\"run_id\": \"" + run + "\"}");
    denied("bob", "POST", API + "experiments/delete", "{\"experiment_id\": \"" + exp + "\"}");

    ok(
        "ada",
        "PATCH",
        API + "experiments/permissions/update",
        "{\"experiment_id\": \""
            + exp
            + "\", \"username\": \"bob\", \"permission\": \"NO_PERMISSIONS\"}");
    denied("bob", "GET", API + "runs/get?run_id=" + run, "");
    denied("bob", "GET", API + "metrics/get-history?run_id=" + run + "&metric_key=m", "");
    denied("bob", "GET", API + "artifacts/list?run_id=" + run, "");
    denied(
        "bob",
        "GET",
        "/api/2.0/mlflow-artifacts/artifacts/" + exp + "/" + run + "/artifacts/x.txt",
        "");
    denied(
        "bob",
        "PUT",
        "/api/2.0/mlflow-artifacts/artifacts/" + exp + "/" + run + "/artifacts/x.txt",
        "hi");
    JsonNode search =
        ok("bob", "POST", API + "experiments/search", "{\"filter\": \"name = 'ada-own'\"}");
    assertThat(search.path("experiments")).isEmpty();

    ok(
        "ada",
        "DELETE",
        API + "experiments/permissions/delete",
        "{\"experiment_id\": \"" + exp + "\", \"username\": \"bob\"}");
    HttpResponse<String> gone =
        send(
            "ada",
            "GET",
            API + "experiments/permissions/get?experiment_id=" + exp + "&username=bob",
            "");
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(gone.body()).path("error_code").asText())
        .isEqualTo("RESOURCE_DOES_NOT_EXIST");
    ok("bob", "GET", API + "runs/get?run_id=" + run, ""); // the default again
    denied("bob", "GET", API + "users/get?username=ada", "");
  }

  @Test
  void aRegisteredModelsVersionsFollowItAndASourceRunMustBeReadable() throws Exception {
    ok("ada", "POST", API + "registered-models/create", "{\"name\": \"ada-model\"}");
    String exp = createExperiment("cy", "cy-secret");
    String secretRun = createRun("cy", exp);
    ok(
        "cy",
        "POST",
        API + "experiments/permissions/create",
        "{\"experiment_id\": \""
            + exp
            + "\", \"username\": \"ada\", \"permission\": \"NO_PERMISSIONS\"}");
    // ada may not register a version from a run she may not read.
    denied(
        "ada",
        "POST",
        API + "model-versions/create",
        "{\"name\": \"ada-model\", \"source\": \"runs:/" + secretRun + "/model\"}");
    denied(
        "bob",
        "POST",
        API + "model-versions/create",
        "{\"name\": \"ada-model\", \"source\": \"s3://b/m\"}");
    ok(
        "ada",
        "POST",
        API + "model-versions/create",
        "{\"name\": \"ada-model\", \"source\": \"s3://b/m\"}");
    ok("bob", "GET", API + "model-versions/get?name=ada-model&version=1", "");
    denied(
        "bob",
        "POST",
        API + "registered-models/set-tag",
        "{\"name\": \"ada-model\", \"key\": \"k\", \"value\": \"v\"}");

    ok(
        "ada",
        "POST",
        API + "registered-models/permissions/create",
        "{\"name\": \"ada-model\", \"username\": \"bob\", \"permission\": \"NO_PERMISSIONS\"}");
    denied("bob", "GET", API + "model-versions/get?name=ada-model&version=1", "");
    denied("bob", "GET", API + "registered-models/get?name=ada-model", "");
    assertThat(
            ok("bob", "GET", API + "registered-models/search?filter=name%3D%27ada-model%27", "")
                .path("registered_models"))
        .isEmpty();
    assertThat(
            ok("bob", "GET", API + "model-versions/search?filter=name%3D%27ada-model%27", "")
                .path("model_versions"))
        .isEmpty();

    // The grant follows a rename.
    ok(
        "ada",
        "POST",
        API + "registered-models/rename",
        "{\"name\": \"ada-model\", \"new_name\": \"ada-model-2\"}");
    denied("bob", "GET", API + "registered-models/get?name=ada-model-2", "");
    JsonNode grant =
        ok(
            "ada",
            "GET",
            API + "registered-models/permissions/get?name=ada-model-2&username=bob",
            "");
    assertThat(grant.path("registered_model_permission").path("name").asText())
        .isEqualTo("ada-model-2");
    assertThat(grant.path("registered_model_permission").path("permission").asText())
        .isEqualTo("NO_PERMISSIONS");

    JsonNode user = ok("root", "GET", API + "users/get?username=bob", "").path("user");
    assertThat(user.path("registered_model_permissions").get(0).path("name").asText())
        .isEqualTo("ada-model-2");
  }

  @Test
  void groupsAndDefaultsDecideWhereAUserHasNoGrantOfTheirOwn() throws Exception {
    String exp = createExperiment("ada", "team-exp");
    String run = createRun("ada", exp);
    ok(
        "root",
        "POST",
        "/api/2.0/galley/users/set-default-permission",
        "{\"username\": \"eve\", \"permission\": \"NO_PERMISSIONS\"}");
    denied("eve", "GET", API + "runs/get?run_id=" + run, "");
    ok("root", "POST", "/api/2.0/galley/groups/create", "{\"group_name\": \"team\"}");
    ok(
        "root",
        "POST",
        "/api/2.0/galley/groups/add-member",
        "{\"group_name\": \"team\", \"username\": \"eve\"}");
    ok(
        "ada",
        "POST",
        API + "experiments/permissions/create",
        "{\"experiment_id\": \"" + exp + "\", \"group_name\": \"team\", \"permission\": \"EDIT\"}");
    ok("eve", "POST", API + "runs/log-metric", logMetric(run));
    denied("eve", "POST", "/api/2.0/galley/groups/create", "{\"group_name\": \"mine\"}");
    JsonNode groups = ok("root", "GET", "/api/2.0/galley/groups/list", "");
    JsonNode team = null;
    for (JsonNode g : groups.path("groups")) {
      if (g.path("group_name").asText().equals("team")) {
        team = g;
      }
    }
    assertThat(team).isNotNull();
    assertThat(team.path("members").get(0).asText()).isEqualTo("eve");
    ok(
        "root",
        "POST",
        "/api/2.0/galley/groups/remove-member",
        "{\"group_name\": \"team\", \"username\": \"eve\"}");
    denied("eve", "GET", API + "runs/get?run_id=" + run, "");
    ok(
        "root",
        "POST",
        "/api/2.0/galley/users/set-default-permission",
        "{\"username\": \"eve\", \"permission\": null}");
    ok("eve", "GET", API + "runs/get?run_id=" + run, "");
  }

  /**
   * 10,000 runs in 100 experiments, of which the caller may read one experiment's 100 (through a
   * group, with their own default NO_PERMISSIONS): {@code runs/search} over all 100 experiments
   * pages through exactly those 100 in full pages of 7, and {@code experiments/search} shows that
   * one experiment only.
   */
  @Test
  void searchesOfTenThousandRunsShowTheHundredTheCallerMayReadInFullPages() throws Exception {
    TrackingStore tracking = server.store().tracking();
    PermissionStore permissions = server.store().permissions();
    IdentityStore identities = server.store().identities();
    identities.createUser(new NewUser("reader", PasswordHashes.hash("reader password"), false));
    permissions.setDefaultPermission("reader", Permission.NO_PERMISSIONS);
    permissions.createGroup("readers");
    permissions.addMember("readers", "reader");
    List<String> experiments = new ArrayList<>();
    Set<String> readable = new HashSet<>();
    for (int e = 0; e < 100; e++) {
      String id = tracking.createExperiment("many-" + e, null, List.of()).experimentId();
      experiments.add(id);
      for (int r = 0; r < 100; r++) {
        String runId =
            tracking.createRun(new NewRun(id, "ada", "r" + r, 1000L + r, List.of())).info().runId();
        if (e == 42) {
          readable.add(runId);
        }
      }
    }
    permissions.createGrant(
        Resource.experiment(experiments.get(42)), Grantee.group("readers"), Permission.READ);

    String ids = JSON.writeValueAsString(experiments);
    List<String> seen = new ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      JsonNode page =
          ok(
              "reader",
              "POST",
              API + "runs/search",
              "{\"experiment_ids\": "
                  + ids
                  + ", \"max_results\": 7"
                  + (token.isEmpty() ? "" : ", \"page_token\": \"" + token + "\"")
                  + "}");
      token = page.path("next_page_token").asText("");
      if (!token.isEmpty()) {
        assertThat(page.path("runs")).hasSize(7);
      }
      page.path("runs").forEach(r -> seen.add(r.path("info").path("run_id").asText()));
      pages++;
    } while (!token.isEmpty() && pages < 100);
    assertThat(seen).hasSize(100).doesNotHaveDuplicates();
    assertThat(new HashSet<>(seen)).isEqualTo(readable);
    assertThat(pages).isEqualTo(15);

    JsonNode found =
        ok(
            "reader",
            "POST",
            API + "experiments/search",
            "{\"filter\": \"name LIKE 'many-%'\", \"max_results\": 1000}");
    assertThat(found.path("experiments")).hasSize(1);
    assertThat(found.path("experiments").get(0).path("experiment_id").asText())
        .isEqualTo(experiments.get(42));

    denied(
        "reader",
        "POST",
        API + "runs/search",
        "{\"experiment_ids\": [\"" + experiments.get(3) + "\"]}");
  }

  /**
   * A token narrowed to one experiment and one repository pattern reaches nothing else, whatever
   * its user (an administrator here) may do: other experiments are refused and hidden from
   * searches, the registry grants nothing beyond the pattern, and it cannot make a wider token.
   */
  @Test
  void aNarrowedTokenReachesOnlyWhatItNames() throws Exception {
    String mine = createExperiment("root", "narrow-mine");
    String other = createExperiment("root", "narrow-other");
    String runMine = createRun("root", mine);
    String runOther = createRun("root", other);
    JsonNode made =
        ok(
            "root",
            "POST",
            "/api/2.0/galley/tokens/create",
            "{\"name\": \"ci\", \"experiments\": [\""
                + mine
                + "\"],"
                + " \"repositories\": [\"ci/*\"]}");
    assertThat(made.path("token").path("experiments").get(0).asText()).isEqualTo(mine);
    String bearer = "Bearer " + made.path("secret").asText();

    assertThat(sendAs(bearer, "POST", API + "runs/log-metric", logMetric(runMine)).statusCode())
        .isEqualTo(200);
    HttpResponse<String> refused =
        sendAs(bearer, "POST", API + "runs/log-metric", logMetric(runOther));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(
            sendAs(bearer, "GET", API + "experiments/get?experiment_id=" + other, "").statusCode())
        .isEqualTo(403);
    JsonNode found =
        JSON.readTree(
            sendAs(
                    bearer,
                    "POST",
                    API + "experiments/search",
                    "{\"filter\": \"name LIKE 'narrow-%'\"}")
                .body());
    assertThat(found.path("experiments")).hasSize(1);
    assertThat(found.path("experiments").get(0).path("experiment_id").asText()).isEqualTo(mine);
    JsonNode runs =
        JSON.readTree(
            sendAs(
                    bearer,
                    "POST",
                    API + "runs/search",
                    "{\"experiment_ids\": [\"" + mine + "\", \"" + other + "\"]}")
                .body());
    assertThat(runs.path("runs")).hasSize(1);
    assertThat(sendAs(bearer, "GET", API + "registered-models/search", "").statusCode())
        .isEqualTo(200);
    assertThat(
            JSON.readTree(sendAs(bearer, "GET", API + "registered-models/search", "").body())
                .path("registered_models"))
        .isEmpty();

    JsonNode token =
        JSON.readTree(
            sendAs(
                    bearer,
                    "GET",
                    "/v2/token?service=galley-registry&scope=repository:ci/app:pull,push"
                        + "&scope=repository:prod/app:pull",
                    "")
                .body());
    String jwt = token.path("token").asText();
    JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    assertThat(claims.path("access")).hasSize(1);
    assertThat(claims.path("access").get(0).path("name").asText()).isEqualTo("ci/app");

    assertThat(
            sendAs(bearer, "POST", "/api/2.0/galley/tokens/create", "{\"name\": \"wider\"}")
                .statusCode())
        .isEqualTo(403);
    JsonNode listed = ok("root", "GET", "/api/2.0/galley/tokens/list", "");
    assertThat(listed.toString()).contains("\"repositories\":[\"ci/*\"]");
  }

  private HttpResponse<String> sendAs(String authorization, String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.uri() + path))
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .method(
                method,
                body.isEmpty()
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
