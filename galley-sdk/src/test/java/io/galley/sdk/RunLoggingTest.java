package io.galley.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.client.GalleyApiException;
import io.galley.client.GalleyUnreachableException;
import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import io.galley.core.InvalidRequestException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Params, metrics and tags reach a real server exactly; errors reach the caller. */
class RunLoggingTest extends LiveServerTest {
  @Test
  void paramsMetricsAndTagsArriveExactly() {
    String runId;
    try (ActiveRun run = galley.experiment("exact").startRun("lr-0.1")) {
      runId = run.id();
      run.logParam("lr", 0.1);
      Map<String, Object> many = new LinkedHashMap<>();
      for (int i = 0; i < 150; i++) {
        many.put("p" + i, i); // more than one request's worth (100)
      }
      run.logParams(many);
      run.setTag("team", "vision");
      run.logMetric("accuracy", 0.93, 7);
      run.logMetric("loss", 1.0e-5);
      run.logSeed("shuffle", 42);
    }
    JsonNode run = server.run(runId);
    assertThat(run.path("info").path("status").asText()).isEqualTo("FINISHED");
    assertThat(run.path("info").path("run_name").asText()).isEqualTo("lr-0.1");
    assertThat(run.path("info").has("end_time")).isTrue();
    Map<String, String> params = server.params(runId);
    assertThat(params).hasSize(152).containsEntry("lr", "0.1").containsEntry("p149", "149");
    assertThat(params).containsEntry("seed.shuffle", "42");
    assertThat(server.tags(runId)).containsEntry("team", "vision");
    assertThat(server.history(runId, "accuracy"))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.path("value").asDouble()).isEqualTo(0.93);
              assertThat(m.path("step").asLong()).isEqualTo(7);
            });
    assertThat(server.history(runId, "loss").get(0).path("value").asDouble()).isEqualTo(1.0e-5);
  }

  @Test
  void tenThousandPointsArriveInOrderWithTheirSteps() {
    String runId;
    try (ActiveRun run = galley.experiment("many").startRun()) {
      runId = run.id();
      for (int i = 0; i < 10_000; i++) {
        run.logMetric("loss", 1.0 / (i + 1), i);
      }
    }
    List<JsonNode> history = server.history(runId, "loss");
    assertThat(history).hasSize(10_000);
    for (int i = 0; i < 10_000; i++) {
      assertThat(history.get(i).path("step").asLong()).isEqualTo(i);
      assertThat(history.get(i).path("value").asDouble()).isEqualTo(1.0 / (i + 1));
    }
  }

  @Test
  void threadsLoggingAtOnceThroughATinyBufferLoseNothing() throws Exception {
    // 1024 slots for 80,000 points: producers keep waiting for the sender (back-pressure).
    Galley tiny = server.builder().metricBufferPoints(1024).build();
    String runId;
    try (ActiveRun run = tiny.experiment("threads").startRun()) {
      runId = run.id();
      List<Thread> threads = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        String key = "t" + t;
        threads.add(
            new Thread(
                () -> {
                  for (int i = 0; i < 20_000; i++) {
                    run.logMetric(key, i, i);
                  }
                }));
      }
      threads.forEach(Thread::start);
      for (Thread t : threads) {
        t.join();
      }
    }
    for (int t = 0; t < 4; t++) {
      List<JsonNode> h = server.history(runId, "t" + t);
      assertThat(h).hasSize(20_000);
      for (int i = 0; i < 20_000; i++) {
        assertThat(h.get(i).path("step").asLong()).isEqualTo(i);
      }
    }
  }

  @Test
  void closeSendsWhatIsBufferedAndFlushSendsWithoutEnding() {
    // A linger of an hour: only flush() and close() can make these points leave.
    Galley slow = server.builder().metricLinger(Duration.ofHours(1)).build();
    String runId;
    try (ActiveRun run = slow.experiment("flush").startRun()) {
      runId = run.id();
      for (int i = 0; i < 5; i++) {
        run.logMetric("m", i, i);
      }
      run.flush();
      assertThat(server.history(runId, "m")).hasSize(5);
      assertThat(server.run(runId).path("info").path("status").asText()).isEqualTo("RUNNING");
      for (int i = 5; i < 12; i++) {
        run.logMetric("m", i, i);
      }
    }
    assertThat(server.history(runId, "m")).hasSize(12);
  }

  @Test
  void nonFiniteValuesArriveAsSuch() {
    String runId;
    try (ActiveRun run = galley.experiment("nan").startRun()) {
      runId = run.id();
      run.logMetric("m", Double.NaN, 0);
      run.logMetric("m", Double.POSITIVE_INFINITY, 1);
      run.logMetric("m", Double.NEGATIVE_INFINITY, 2);
    }
    List<JsonNode> h = server.history(runId, "m");
    assertThat(h.get(0).path("value").asDouble()).isNaN();
    assertThat(h.get(1).path("value").asDouble()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(h.get(2).path("value").asDouble()).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void aChangedParamIsRefusedAtItsLine() {
    try (ActiveRun run = galley.experiment("param-change").startRun()) {
      run.logParam("lr", 0.1);
      assertThatThrownBy(() -> run.logParam("lr", 0.2))
          .isInstanceOf(GalleyApiException.class)
          .hasMessageContaining("lr")
          .satisfies(
              e ->
                  assertThat(((GalleyApiException) e).code())
                      .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
    }
  }

  @Test
  void aBadMetricNameIsRefusedAtItsLine() {
    try (ActiveRun run = galley.experiment("bad-key").startRun()) {
      assertThatThrownBy(() -> run.logMetric("../escape", 1))
          .isInstanceOf(InvalidRequestException.class);
    }
  }

  @Test
  void aRefusedMetricBatchSurfacesAtTheNextCallAndOnClose() {
    ActiveRun run = galley.experiment("refused").startRun();
    // Deleted behind the SDK's back: the server refuses to log to it (4xx, not retried).
    server.post("/api/2.0/mlflow/runs/delete", Map.of("run_id", run.id()));
    run.logMetric("m", 1, 0);
    assertThatThrownBy(run::flush)
        .isInstanceOf(GalleyApiException.class)
        .hasMessageContaining("1 metric points of run " + run.id());
    assertThatThrownBy(() -> run.logMetric("m", 2, 1)).isInstanceOf(GalleyApiException.class);
    assertThatThrownBy(() -> run.setTag("k", "v")).isInstanceOf(GalleyApiException.class);
    assertThatThrownBy(run::close).isInstanceOf(GalleyApiException.class);
    assertThatThrownBy(() -> run.logMetric("m", 3, 2)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anExperimentIsFoundByNameOrCreatedButNeverADeletedOne() {
    Experiment first = galley.experiment("get-or-create");
    assertThat(galley.experiment("get-or-create").id()).isEqualTo(first.id());
    server.post("/api/2.0/mlflow/experiments/delete", Map.of("experiment_id", first.id()));
    assertThatThrownBy(() -> galley.experiment("get-or-create"))
        .isInstanceOf(GalleyException.class)
        .hasMessageContaining("is deleted")
        .satisfies(
            e -> assertThat(((GalleyException) e).code()).isEqualTo(ErrorCode.INVALID_STATE));
  }

  @Test
  void anEndedRunRefusesMoreLogging() {
    ActiveRun run = galley.experiment("ended").startRun();
    run.close();
    run.close(); // idempotent
    assertThatThrownBy(() -> run.logMetric("m", 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> run.logParam("p", 1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anUnreachableServerIsReportedOnceTheRetryTimeoutIsOver() {
    Galley nowhere =
        Galley.builder()
            .trackingUri(java.net.URI.create("http://127.0.0.1:9")) // discard port: refused
            .retryTimeout(Duration.ofMillis(300))
            .build();
    assertThatThrownBy(() -> nowhere.experiment("x"))
        .isInstanceOf(GalleyUnreachableException.class)
        .hasMessageContaining("127.0.0.1:9");
  }
}
