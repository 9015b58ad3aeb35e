package io.galley.server;

import static io.galley.server.ApiTestBase.assertError;
import static io.galley.server.Http.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.galley.server.Http.Resp;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the server answers before any store is involved: health, version, routing errors, body
 * limits and request-message errors. The store here fails the test if it is ever called.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpBehaviourTest {
  private GalleyServer server;
  private Http http;

  @BeforeAll
  void start() {
    server =
        GalleyServer.builder()
            .config(ServerConfig.defaults().withPort(0).withMaxRequestBytes(64 * 1024))
            .tracking(FakeStores.untouchable())
            .artifacts(FakeStores.untouchableArtifacts())
            .modelRegistry(FakeStores.untouchableRegistry())
            .images(FakeStores.untouchableImages())
            .blobs(FakeStores.untouchableBlobs())
            .build();
    http = new Http(server.start());
  }

  @AfterAll
  void stop() {
    server.stop();
  }

  @Test
  void healthIsPlainOkWhenTheStoresAnswer(@TempDir Path dir) {
    // /health asks the stores, so this one has real ones.
    try (TestServer ready = TestServer.h2(dir)) {
      Resp r = ready.http().get("/health");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.contentType()).startsWith("text/plain");
      assertThat(r.body()).isEqualTo("OK");
    }
  }

  @Test
  void versionIsJson() {
    Resp r = http.get("/version");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("version").asText())
        .isEqualTo(GalleyServer.version())
        .isNotEqualTo("unknown");
    assertThat(r.json().get("version").asText()).doesNotContain("${");
  }

  @Test
  void portZeroPicksAFreePort() {
    assertThat(server.port()).isPositive().isNotEqualTo(ServerConfig.DEFAULT_PORT);
  }

  @Test
  void unknownEndpointIsEndpointNotFound() {
    assertError(http.get("/api/2.0/mlflow/runs/nope"), 404, "ENDPOINT_NOT_FOUND");
    assertError(http.post("/api/2.0/mlflow/nope", "{}"), 404, "ENDPOINT_NOT_FOUND");
    assertError(http.get("/nothing/here"), 404, "ENDPOINT_NOT_FOUND");
  }

  @Test
  void wrongMethodIs405() {
    assertError(http.get("/api/2.0/mlflow/runs/create"), 405, "BAD_REQUEST");
    assertError(http.post("/api/2.0/mlflow/runs/get", "{}"), 405, "BAD_REQUEST");
    assertError(
        http.send("DELETE", "/ajax-api/2.0/mlflow/experiments/get", null, null),
        405,
        "BAD_REQUEST");
    assertError(http.get("/api/2.0/mlflow/runs/search"), 405, "BAD_REQUEST");
  }

  @Test
  void malformedJsonIsBadRequest() {
    for (String body :
        new String[] {
          "{", "{\"name\": }", "not json", "{\"a\": 1} trailing", "[1,2]", "42", "\"\\\"x\\\"\""
        }) {
      Resp r = http.post("/api/2.0/mlflow/experiments/create", body);
      assertError(r, 400, "BAD_REQUEST");
    }
  }

  @Test
  void missingAndWronglyTypedFields() {
    Resp missing = http.mlflowPost("experiments/create", "{}");
    assertError(missing, 400, "INVALID_PARAMETER_VALUE");
    assertThat(missing.message())
        .isEqualTo(
            "Missing value for required parameter 'name'. See the API docs for more information"
                + " about request parameters.");
    Resp empty = http.post("/api/2.0/mlflow/experiments/create", "");
    assertError(empty, 400, "INVALID_PARAMETER_VALUE");

    Resp wrong = http.mlflowPost("experiments/create", obj().put("name", 123));
    assertError(wrong, 400, "INVALID_PARAMETER_VALUE");
    assertThat(wrong.message())
        .startsWith(
            "Invalid value 123 for parameter 'name' supplied: Hint: Value was of type 'int'.");

    assertError(
        http.mlflowPost(
            "runs/log-metric", obj().put("key", "k").put("value", 1).put("timestamp", 1)),
        400,
        "INVALID_PARAMETER_VALUE");
    Resp nested =
        http.mlflowPost(
            "runs/log-batch",
            "{\"run_id\": \"r1\", \"metrics\": [{\"key\": \"k\", \"value\": \"high\", \"timestamp\": 1}]}");
    assertError(nested, 400, "INVALID_PARAMETER_VALUE");
    assertThat(nested.message()).contains("'metrics[0].value'");
    assertError(
        http.mlflowPost("runs/search", "{\"experiment_ids\": \"0\"}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        http.mlflowPost(
            "runs/search", "{\"experiment_ids\": [\"0\"], \"max_results\": 99999999999}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        http.mlflowPost("runs/search", "{\"run_view_type\": \"SOME\"}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        http.mlflowPost("runs/update", "{\"run_id\": \"r1\", \"status\": \"DONE\"}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        http.mlflowPost("runs/search", "{\"filter\": \"metrics.acc >\"}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        http.mlflowPost("runs/search", "{\"order_by\": [\"metrics.acc SIDEWAYS\"]}"),
        400,
        "INVALID_PARAMETER_VALUE");
  }

  @Test
  void oversizedBodyIs413() {
    String big = "{\"name\": \"" + "x".repeat(70 * 1024) + "\"}";
    assertError(http.post("/api/2.0/mlflow/experiments/create", big), 413, "BAD_REQUEST");
  }

  @Test
  void leaderboardParameterErrors() {
    assertError(http.get("/api/2.0/galley/leaderboard?metric=acc"), 400, "INVALID_PARAMETER_VALUE");
    assertError(
        http.get("/api/2.0/galley/leaderboard?experiment_id=1"), 400, "INVALID_PARAMETER_VALUE");
    assertError(
        http.get("/api/2.0/galley/leaderboard?experiment_id=1&metric=acc&agg=mean"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        http.get("/api/2.0/galley/leaderboard?experiment_id=1&metric=acc&order=up"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        http.get("/api/2.0/galley/leaderboard?experiment_id=1&metric=acc&n=ten"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        http.get("/api/2.0/galley/leaderboard?experiment_id=1&metric=acc&n=0"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        http.get(
            "/api/2.0/galley/leaderboard?experiment_id=1&metric=acc&filter=" + Http.q("x = = 1")),
        400,
        "INVALID_PARAMETER_VALUE");
  }
}
