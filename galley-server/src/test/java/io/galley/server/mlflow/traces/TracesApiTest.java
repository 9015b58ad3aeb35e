package io.galley.server.mlflow.traces;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.server.Http;
import io.galley.server.Http.Resp;
import io.galley.server.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MLflow 2.17's Python client's trace calls, replayed request for request ({@link
 * PythonTraceClient}), against a real server on loopback over H2: what {@code @mlflow.trace},
 * {@code mlflow.search_traces}, {@code MlflowClient.get_trace}, {@code set_trace_tag} and {@code
 * delete_traces} send, and what they must get back.
 */
class TracesApiTest {
  @TempDir Path dir;
  TestServer server;
  Http http;
  PythonTraceClient client;
  String experimentId;
  String runId;

  @BeforeEach
  void start() {
    server = TestServer.h2(dir);
    http = server.http();
    client = new PythonTraceClient(http);
    experimentId =
        http.mlflowPost("experiments/create", "{\"name\": \"llm\"}")
            .json()
            .path("experiment_id")
            .asText();
    runId =
        http.mlflowPost("runs/create", "{\"experiment_id\": \"" + experimentId + "\"}")
            .json()
            .path("run")
            .path("info")
            .path("run_id")
            .asText();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** What the client's span processor sends when a root span starts (2.17's metadata and tags). */
  private JsonNode startRootSpan(long timestampMs) {
    Resp r =
        client.startTrace(
            experimentId,
            timestampMs,
            Map.of("mlflow.sourceRun", runId, "mlflow.trace_schema.version", "2"),
            Map.of(
                "mlflow.user",
                "alice",
                "mlflow.source.name",
                "app.py",
                "mlflow.source.type",
                "LOCAL"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().path("trace_info");
  }

  @Test
  void aTracedCallStartsUploadsEndsAndReadsBack() {
    JsonNode started = startRootSpan(1_700_000_000_000L);
    String id = started.path("request_id").asText();
    assertThat(id).matches("[0-9a-f]{32}");
    assertThat(started.path("experiment_id").asText()).isEqualTo(experimentId);
    assertThat(started.path("timestamp_ms").isIntegralNumber()).isTrue();
    assertThat(started.path("timestamp_ms").asLong()).isEqualTo(1_700_000_000_000L);
    assertThat(started.has("execution_time_ms")).isFalse();
    assertThat(started.path("status").asText()).isEqualTo("IN_PROGRESS");
    String location = tag(started, "mlflow.artifactLocation");
    assertThat(location)
        .isEqualTo("mlflow-artifacts:/" + experimentId + "/traces/" + id + "/artifacts");

    String data = TraceFixtures.twoSpans(id);
    Resp upload = client.uploadTraceData(location, data);
    assertThat(upload.status()).as(upload.body()).isEqualTo(200);
    assertThat(upload.json().isEmpty()).isTrue();

    Resp ended =
        client.endTrace(
            id,
            1_700_000_000_250L,
            "OK",
            Map.of(
                "mlflow.traceInputs",
                "{\"question\": \"why?\"}",
                "mlflow.traceOutputs",
                "\"because\""),
            Map.of("mlflow.traceName", "predict"));
    assertThat(ended.status()).as(ended.body()).isEqualTo(200);
    JsonNode info = ended.json().path("trace_info");
    assertThat(info.path("status").asText()).isEqualTo("OK");
    assertThat(info.path("execution_time_ms").asLong()).isEqualTo(250);
    assertThat(tag(info, "mlflow.traceName")).isEqualTo("predict");
    assertThat(tag(info, "mlflow.user")).isEqualTo("alice");
    assertThat(entry(info.path("request_metadata"), "mlflow.sourceRun")).isEqualTo(runId);
    assertThat(entry(info.path("request_metadata"), "mlflow.traceInputs"))
        .isEqualTo("{\"question\": \"why?\"}");

    // MlflowClient.get_trace: the info, then the data through the artifact repository.
    Resp got = client.getTraceInfo(id);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.json()).isEqualTo(ended.json());
    Resp downloaded = client.downloadTraceData(location);
    assertThat(downloaded.status()).isEqualTo(200);
    assertThat(downloaded.json()).isEqualTo(parse(data));

    // MLflow's UI reads the same file from get-trace-artifact, under both prefixes.
    for (String prefix : List.of("/api/2.0/mlflow/", "/ajax-api/2.0/mlflow/")) {
      Resp artifact = http.get(prefix + "get-trace-artifact?request_id=" + id);
      assertThat(artifact.status()).isEqualTo(200);
      assertThat(artifact.json()).isEqualTo(parse(data));
    }
    Resp ajax = http.get("/ajax-api/2.0/mlflow/traces/" + id + "/info");
    assertThat(ajax.json()).isEqualTo(ended.json());
  }

  @Test
  void searchFiltersOrdersAndPagesAsTheClientAsks() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String id = startRootSpan(1000 + i).path("request_id").asText();
      client.endTrace(id, 1000 + i + 10 * i, i % 2 == 0 ? "OK" : "ERROR", Map.of(), Map.of());
      ids.add(id);
    }

    // mlflow.search_traces' defaults: max_results 100, order by timestamp DESC.
    Resp all = client.searchTraces(List.of(experimentId), null, 100, List.of(), null);
    assertThat(all.status()).isEqualTo(200);
    assertThat(requestIds(all))
        .containsExactly(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0));
    assertThat(all.json().has("next_page_token")).isFalse();

    Resp errors =
        client.searchTraces(
            List.of(experimentId),
            "status = 'ERROR' AND timestamp_ms > 1000",
            100,
            List.of("execution_time_ms DESC"),
            null);
    assertThat(requestIds(errors)).containsExactly(ids.get(3), ids.get(1));

    Resp byRun =
        client.searchTraces(
            List.of(experimentId),
            "request_metadata.`mlflow.sourceRun` = '" + runId + "'",
            100,
            List.of(),
            null);
    assertThat(requestIds(byRun)).hasSize(5);
    assertThat(
            requestIds(
                client.searchTraces(
                    List.of(experimentId), "run_id = 'other'", 100, List.of(), null)))
        .isEmpty();

    List<String> paged = new ArrayList<>();
    String token = null;
    do {
      Resp page =
          client.searchTraces(List.of(experimentId), null, 2, List.of("timestamp_ms ASC"), token);
      assertThat(page.status()).as(page.body()).isEqualTo(200);
      paged.addAll(requestIds(page));
      token =
          page.json().has("next_page_token") ? page.json().path("next_page_token").asText() : null;
    } while (token != null);
    assertThat(paged).containsExactlyElementsOf(ids);
  }

  @Test
  void tagsAreSetAndDeleted() {
    String id = startRootSpan(1).path("request_id").asText();

    assertThat(client.setTraceTag(id, "reviewed", "yes").json().isEmpty()).isTrue();
    assertThat(tag(client.getTraceInfo(id).json().path("trace_info"), "reviewed")).isEqualTo("yes");
    assertThat(
            requestIds(
                client.searchTraces(
                    List.of(experimentId), "tags.reviewed = 'yes'", 100, List.of(), null)))
        .containsExactly(id);

    Resp deleted = client.deleteTraceTag(id, "reviewed");
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(tag(client.getTraceInfo(id).json().path("trace_info"), "reviewed")).isNull();
    Resp again = client.deleteTraceTag(id, "reviewed");
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.errorCode()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
  }

  @Test
  void deleteTracesByIdsAndByAge() {
    String a = startRootSpan(100).path("request_id").asText();
    String b = startRootSpan(200).path("request_id").asText();
    String c = startRootSpan(300).path("request_id").asText();
    client.uploadTraceData(
        tag(client.getTraceInfo(a).json().path("trace_info"), "mlflow.artifactLocation"), "{}");

    Resp byIds = client.deleteTraces(experimentId, null, null, List.of(a));
    assertThat(byIds.status()).as(byIds.body()).isEqualTo(200);
    assertThat(byIds.json().path("traces_deleted").asInt()).isEqualTo(1);
    assertThat(client.getTraceInfo(a).status()).isEqualTo(404);
    assertThat(http.get("/api/2.0/mlflow/get-trace-artifact?request_id=" + a).status())
        .isEqualTo(404);

    Resp byAge = client.deleteTraces(experimentId, 250L, 5, List.of());
    assertThat(byAge.json().path("traces_deleted").asInt()).isEqualTo(1);
    assertThat(requestIds(client.searchTraces(List.of(experimentId), null, 100, List.of(), null)))
        .containsExactly(c);
    assertThat(b).isNotEqualTo(c);
  }

  @Test
  void unknownIdsAreResourceDoesNotExist() {
    String unknown = "0123456789abcdef0123456789abcdef";
    for (Resp r :
        List.of(
            client.getTraceInfo(unknown),
            client.endTrace(unknown, 1, "OK", Map.of(), Map.of()),
            client.setTraceTag(unknown, "k", "v"),
            client.deleteTraceTag(unknown, "k"),
            client.getTraceInfo("x".repeat(2000)),
            http.get("/api/2.0/mlflow/get-trace-artifact?request_id=" + unknown),
            client.uploadTraceData(
                "mlflow-artifacts:/" + experimentId + "/traces/" + unknown + "/artifacts", "{}"),
            client.startTrace("987654", 1, Map.of(), Map.of()))) {
      assertThat(r.status()).as(r.body()).isEqualTo(404);
      assertThat(r.errorCode()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
    }
    assertThat(client.getTraceInfo(unknown).message())
        .isEqualTo("Trace with request_id '" + unknown + "' not found.");
    // A trace without uploaded data, and a trace under another experiment's path.
    String id = startRootSpan(1).path("request_id").asText();
    assertThat(http.get("/api/2.0/mlflow/get-trace-artifact?request_id=" + id).status())
        .isEqualTo(404);
    assertThat(
            client
                .uploadTraceData("mlflow-artifacts:/0/traces/" + id + "/artifacts", "{}")
                .status())
        .isEqualTo(404);
  }

  @Test
  void badInputIsA400WithMlflowsBodyNeverA500() {
    String id = startRootSpan(1).path("request_id").asText();
    String traces = "/api/2.0/mlflow/traces";
    List<Resp> bad =
        List.of(
            http.send("POST", traces, "{\"timestamp_ms\": 1}", "application/json"),
            http.send("POST", traces, "{\"experiment_id\": 1}", "application/json"),
            http.send(
                "POST",
                traces,
                "{\"experiment_id\": \"" + experimentId + "\", \"timestamp_ms\": \"soon\"}",
                "application/json"),
            http.send(
                "POST",
                traces,
                "{\"experiment_id\": \"" + experimentId + "\", \"timestamp_ms\": 1e400}",
                "application/json"),
            http.send(
                "POST",
                traces,
                "{\"experiment_id\": \"" + experimentId + "\", \"tags\": {\"a\": \"b\"}}",
                "application/json"),
            http.send(
                "POST",
                traces,
                "{\"experiment_id\": \"" + experimentId + "\", \"tags\": [{\"value\": \"b\"}]}",
                "application/json"),
            http.send(
                "POST",
                traces,
                "{\"experiment_id\": \""
                    + experimentId
                    + "\", \"tags\": [{\"key\": \"a\", \"value\": 5}]}",
                "application/json"),
            client.startTrace(experimentId, 1, Map.of(), Map.of("big", "v".repeat(8001))),
            client.startTrace(experimentId, 1, Map.of("k".repeat(251), "v"), Map.of()),
            client.startTrace(experimentId, -5, Map.of(), Map.of()),
            http.send("POST", traces, "{not json", "application/json"),
            http.send("POST", traces, "[1, 2]", "application/json"),
            client.endTrace(id, 2, "DONE", Map.of(), Map.of()),
            http.send("PATCH", traces + "/" + id, "{\"status\": [\"OK\"]}", "application/json"),
            http.get(traces + "?max_results=10"),
            client.searchTraces(List.of(experimentId), "metrics.acc > 1", 100, List.of(), null),
            client.searchTraces(List.of(experimentId), "tags.a LIKE 'x%'", 100, List.of(), null),
            client.searchTraces(
                List.of(experimentId), "timestamp_ms > 'yesterday'", 100, List.of(), null),
            client.searchTraces(
                List.of(experimentId), "status = 'OK' OR status = 'ERROR'", 100, List.of(), null),
            client.searchTraces(
                List.of(experimentId),
                "status = 'OK'; DROP TABLE trace_info",
                100,
                List.of(),
                null),
            client.searchTraces(
                List.of(experimentId), "tags.\"unclosed = 'x'", 100, List.of(), null),
            client.searchTraces(List.of(experimentId), null, 501, List.of(), null),
            client.searchTraces(List.of(experimentId), null, 0, List.of(), null),
            http.get(traces + "?experiment_ids=" + experimentId + "&max_results=lots"),
            client.searchTraces(List.of(experimentId), null, 10, List.of("bogus DESC"), null),
            client.searchTraces(List.of(experimentId), null, 10, List.of(), "not-a-token"),
            client.deleteTraces(experimentId, null, null, List.of()),
            client.deleteTraces(experimentId, 5L, null, List.of(id)),
            http.send(
                "POST",
                traces + "/delete-traces",
                "{\"request_ids\": [\"" + id + "\"]}",
                "application/json"),
            http.send(
                "POST",
                traces + "/delete-traces",
                "{\"experiment_id\": \"" + experimentId + "\", \"request_ids\": \"" + id + "\"}",
                "application/json"),
            http.send(
                "POST",
                traces + "/delete-traces",
                "{\"experiment_id\": \""
                    + experimentId
                    + "\", \"max_timestamp_millis\": 5, \"max_traces\": 99999999999}",
                "application/json"),
            http.send(
                "PATCH", traces + "/" + id + "/tags", "{\"value\": \"v\"}", "application/json"),
            client.setTraceTag(id, "k", "v".repeat(8001)),
            http.send("DELETE", traces + "/" + id + "/tags", "{}", "application/json"),
            http.get("/api/2.0/mlflow/get-trace-artifact"),
            http.send(
                "PUT",
                PythonTraceClient.proxyPath(
                        "mlflow-artifacts:/" + experimentId + "/traces/" + id + "/artifacts")
                    + "/other.json",
                "{}",
                "application/json"));
    for (Resp r : bad) {
      assertThat(r.status()).as(r.body()).isEqualTo(400);
      assertThat(r.errorCode()).as(r.body()).isIn("INVALID_PARAMETER_VALUE", "BAD_REQUEST");
      assertThat(r.message())
          .as(r.body())
          .isNotBlank()
          .doesNotContainIgnoringCase("exception")
          .doesNotContain("SQL")
          .doesNotContain("io.galley")
          .doesNotContain(dir.toString());
    }
    assertThat(bad.get(0).message())
        .isEqualTo(
            "Missing value for required parameter 'experiment_id'. See the API docs for more"
                + " information about request parameters.");
    assertThat(bad.get(1).message()).contains("Value was of type 'int'");
    // Nothing bad was stored: the one trace is as it was.
    assertThat(requestIds(client.searchTraces(List.of(experimentId), null, 100, List.of(), null)))
        .containsExactly(id);
    assertThat(client.getTraceInfo(id).json().path("trace_info").path("status").asText())
        .isEqualTo("IN_PROGRESS");
  }

  @Test
  void blobCollectionKeepsATracesDataUntilTheTraceIsDeleted() {
    String id = startRootSpan(1).path("request_id").asText();
    String location =
        tag(client.getTraceInfo(id).json().path("trace_info"), "mlflow.artifactLocation");
    String data = TraceFixtures.twoSpans(id);
    assertThat(client.uploadTraceData(location, data).status()).isEqualTo(200);

    Resp kept = http.post("/api/2.0/galley/gc", "{\"grace_seconds\": 0}");
    assertThat(kept.status()).as(kept.body()).isEqualTo(200);
    assertThat(kept.json().path("deleted").asInt()).isZero();
    assertThat(client.downloadTraceData(location).json()).isEqualTo(parse(data));

    client.deleteTraces(experimentId, null, null, List.of(id));
    Resp collected = http.post("/api/2.0/galley/gc", "{\"grace_seconds\": 0}");
    assertThat(collected.json().path("deleted").asInt()).isEqualTo(1);
  }

  @Test
  void runArtifactsStillGoThroughTheProxy() {
    String path =
        "/api/2.0/mlflow-artifacts/artifacts/"
            + experimentId
            + "/"
            + runId
            + "/artifacts/traces/x.txt";
    assertThat(http.send("PUT", path, "hello", "text/plain").status()).isEqualTo(200);
    assertThat(http.get(path).body()).isEqualTo("hello");
  }

  private static Object parse(String json) {
    try {
      return Http.JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> requestIds(Resp r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    r.json().path("traces").forEach(t -> ids.add(t.path("request_id").asText()));
    return ids;
  }

  private static String tag(JsonNode info, String key) {
    return entry(info.path("tags"), key);
  }

  private static String entry(JsonNode list, String key) {
    for (JsonNode e : list) {
      if (e.path("key").asText().equals(key)) {
        return e.path("value").asText();
      }
    }
    return null;
  }
}
