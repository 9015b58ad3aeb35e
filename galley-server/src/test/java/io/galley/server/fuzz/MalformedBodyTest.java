package io.galley.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.server.TestServer;
import io.galley.server.fuzz.WireClient.Answer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bodies {@link EndpointFuzzTest} once found mishandled: error messages that repeated Jackson's
 * internals, and invalid UTF-8 that was stored. One exact request each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedBodyTest {
  private TestServer server;
  private WireClient wire;

  @BeforeAll
  void start(@TempDir Path dir) {
    server = TestServer.h2(dir);
    wire = new WireClient(server.server().port());
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void trailingGarbageMessageNamesNoJavaTypes() {
    Answer a =
        wire.send(FuzzRequest.of("POST", "/api/2.0/mlflow/runs/search", "{} 1", false, "trailing"));
    assertThat(a.status()).isEqualTo(400);
    assertThat(ResponseChecks.leak(a.body())).as(a.body()).isEmpty();
  }

  @Test
  void deepNestingMessageNamesNoJavaTypes() {
    String body = "{\"filter\": " + "[".repeat(10_000) + "}";
    Answer a =
        wire.send(FuzzRequest.of("POST", "/api/2.0/mlflow/runs/search", body, false, "deep"));
    assertThat(a.status()).isEqualTo(400);
    assertThat(ResponseChecks.leak(a.body())).as(a.body()).isEmpty();
  }

  @Test
  void invalidUtf8BodyIsRejected() {
    int i = 0;
    for (byte[] bad : BodyFuzzer.NOT_UTF8_BUT_DECODABLE) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.writeBytes(("{\"name\": \"utf8-" + i++ + "-").getBytes(StandardCharsets.UTF_8));
      body.writeBytes(bad);
      body.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
      FuzzRequest request =
          new FuzzRequest(
              "POST",
              "/api/2.0/mlflow/experiments/create",
              body.toByteArray(),
              "application/json",
              true,
              "invalid UTF-8");
      Answer a = wire.send(request);
      assertThat(a.status()).as(request + " -> " + a.body()).isEqualTo(400);
      assertThat(a.body()).contains("\"error_code\":\"BAD_REQUEST\"");
    }
  }

  @Test
  void invalidUtf8InALogBatchMetricKeyIsRejected() {
    for (byte[] bad : BodyFuzzer.NOT_UTF8_BUT_DECODABLE) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.writeBytes(
          "{\"run_id\":\"0123456789abcdef0123456789abcdef\",\"metrics\":[{\"key\":\"k"
              .getBytes(StandardCharsets.UTF_8));
      body.writeBytes(bad);
      body.writeBytes("\",\"value\":1,\"timestamp\":1}]}".getBytes(StandardCharsets.UTF_8));
      FuzzRequest request =
          new FuzzRequest(
              "POST",
              "/api/2.0/mlflow/runs/log-batch",
              body.toByteArray(),
              "application/json",
              true,
              "invalid UTF-8 metric key");
      Answer a = wire.send(request);
      assertThat(a.status()).as(request + " -> " + a.body()).isEqualTo(400);
      assertThat(a.body()).contains("\"error_code\":\"BAD_REQUEST\"", "not valid UTF-8");
    }
  }
}
