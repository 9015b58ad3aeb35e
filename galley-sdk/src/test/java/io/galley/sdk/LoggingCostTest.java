package io.galley.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * What logging a metric costs the training thread, and how fast points reach the server compared
 * with one client posting log-batch requests itself. Server and client share this JVM and its
 * cores. Prints the numbers to the test output; asserts only that every point arrived (speed is
 * measured, never asserted). Opt-in:
 *
 * <pre>GALLEY_PERF=1 ./mvnw -pl galley-sdk -am test -Dtest=LoggingCostTest
 *     -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@EnabledIfEnvironmentVariable(
    named = "GALLEY_PERF",
    matches = "1",
    disabledReason = "takes ~1 min; set GALLEY_PERF=1 to run it")
class LoggingCostTest {
  private static final int POINTS = 1_000_000;
  private static final int KEYS = 10;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Test
  void logAMillionPoints(@TempDir Path data) throws Exception {
    try (LiveServer server = new LiveServer(data)) {
      double baseline = rawIngest(server, "warm-up");
      baseline = rawIngest(server, "raw");
      report("raw log-batch, 1 client", baseline, Double.NaN, Double.NaN);

      // A buffer that holds the whole burst: the caller never waits for the sender.
      measure(server, 1 << 21, "buffer 2M points (no back-pressure)", baseline);
      // The default buffer: the caller outruns the server and waits for room (back-pressure).
      measure(server, 1 << 18, "buffer 256k points (default)", baseline);
    }
  }

  private void measure(LiveServer server, int buffer, String label, double baseline) {
    Galley galley = server.builder().metricBufferPoints(buffer).build();
    try (ActiveRun warm = galley.experiment("cost").startRun("warm-up")) {
      log(warm, 200_000);
    }
    ActiveRun run = galley.experiment("cost").startRun(label);
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    log(run, POINTS);
    long callerNanos = System.nanoTime() - t0;
    long callerCpu = THREADS.getCurrentThreadCpuTime() - cpu0;
    run.flush();
    long allNanos = System.nanoTime() - t0;
    run.close();
    assertThat(server.history(run.id(), "m0")).hasSize(POINTS / KEYS);
    report(
        label,
        POINTS / (allNanos / 1e9),
        callerNanos / (double) POINTS,
        callerCpu / (double) POINTS);
    System.out.printf(
        "    reached the server at %.0f%% of the raw single-client rate%n",
        100 * POINTS / (allNanos / 1e9) / baseline);
  }

  /** Ten metrics per step, as a training loop logs them. */
  private static void log(ActiveRun run, int points) {
    String[] keys = new String[KEYS];
    for (int k = 0; k < KEYS; k++) {
      keys[k] = "m" + k;
    }
    for (int i = 0; i < points; i++) {
      run.logMetric(keys[i % KEYS], i * 0.001, i / KEYS);
    }
  }

  /** Points/s of one thread posting 1000-point log-batch bodies, built as it goes. */
  private static double rawIngest(LiveServer server, String name) throws Exception {
    ActiveRun run = server.galley().experiment("cost").startRun(name);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    long t0 = System.nanoTime();
    long ts = System.currentTimeMillis();
    for (int b = 0; b < POINTS / 1000; b++) {
      StringBuilder body = new StringBuilder(64_000);
      body.append("{\"run_id\":\"").append(run.id()).append("\",\"metrics\":[");
      for (int j = 0; j < 1000; j++) {
        int i = b * 1000 + j;
        body.append(j == 0 ? "" : ",")
            .append("{\"key\":\"m")
            .append(i % KEYS)
            .append("\",\"value\":")
            .append(i * 0.001)
            .append(",\"timestamp\":")
            .append(ts)
            .append(",\"step\":")
            .append(i / KEYS)
            .append('}');
      }
      body.append("]}");
      HttpResponse<Void> r =
          http.send(
              HttpRequest.newBuilder(server.uri().resolve("/api/2.0/mlflow/runs/log-batch"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      assertThat(r.statusCode()).isEqualTo(200);
    }
    double rate = POINTS / ((System.nanoTime() - t0) / 1e9);
    run.close();
    return rate;
  }

  private static void report(String what, double pointsPerSecond, double callerNs, double cpuNs) {
    System.out.printf(
        "%-40s %8.0f points/s end to end; caller %.0f ns/point wall, %.0f ns/point CPU%n",
        what, pointsPerSecond, callerNs, cpuNs);
  }
}
