package io.galley.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.server.Http.Resp;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** One server per test class over a fresh store; tests make their own uniquely named data. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ApiTestBase {
  protected TestServer server;
  protected Http http;

  /** The store to run against; H2 in a temp dir unless a subclass says otherwise. */
  protected TestServer startServer(Path dir) {
    return TestServer.h2(dir);
  }

  @BeforeAll
  void startSuite(@TempDir Path dataDir) {
    server = startServer(dataDir);
    http = server.http();
  }

  @AfterAll
  void stopSuite() {
    if (server != null) {
      server.close();
    }
  }

  protected static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  protected String createExperiment(String name) {
    Resp r = http.mlflowPost("experiments/create", Http.obj().put("name", name));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("experiment_id").asText();
  }

  protected String createRun(String experimentId) {
    Resp r =
        http.mlflowPost(
            "runs/create",
            Http.obj().put("experiment_id", experimentId).put("start_time", 1_700_000_000_000L));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().at("/run/info/run_id").asText();
  }

  protected JsonNode getRun(String runId) {
    Resp r = http.mlflowGet("runs/get", "run_id=" + Http.q(runId));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("run");
  }

  /** log_artifact as MLflow's client does it: a PUT of the bytes to the proxy. */
  protected Resp putArtifact(String experimentId, String runId, String path, byte[] content) {
    return Http.resp(
        http.exchange(
            http.request(
                    "/api/2.0/mlflow-artifacts/artifacts/"
                        + experimentId
                        + "/"
                        + runId
                        + "/artifacts/"
                        + path)
                .header("Content-Type", "application/octet-stream")
                .PUT(BodyPublishers.ofByteArray(content))
                .build(),
            BodyHandlers.ofByteArray()));
  }

  protected void ok(Resp r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("application/json");
  }

  /** An MLflow error: the status, the code, a message, JSON, and no stack trace. */
  protected static void assertError(Resp r, int status, String errorCode) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/json");
    JsonNode body = r.json();
    assertThat(body.path("error_code").asText()).as(r.body()).isEqualTo(errorCode);
    assertThat(body.path("message").asText()).isNotBlank();
    assertThat(r.body()).doesNotContain("\tat ").doesNotContain("Exception:");
  }

  /** Everything the API can list: every experiment and every run of every one, deleted too. */
  protected String snapshot() {
    Resp exps =
        http.mlflowPost(
            "experiments/search", Http.obj().put("view_type", "ALL").put("max_results", 50000));
    ok(exps);
    ObjectNode search = Http.obj().put("run_view_type", "ALL").put("max_results", 50000);
    ArrayNode ids = search.putArray("experiment_ids");
    exps.json().path("experiments").forEach(e -> ids.add(e.get("experiment_id").asText()));
    Resp runs = http.mlflowPost("runs/search", search);
    ok(runs);
    return exps.body() + "\n" + runs.body();
  }
}
