package io.galley.bench;

import io.galley.client.GalleyClient;
import io.galley.client.mlflow.MetricHistoryResponseJson;
import io.galley.sdk.ActiveRun;
import io.galley.sdk.Galley;
import io.galley.sdk.capture.CaptureOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the Java SDK's {@code logMetric} costs a training thread, and how fast the points reach the
 * server: one thread logs {@code --points} points (10 metrics per step, as a training loop does)
 * into a run, once per buffer size, first as a tight loop (a burst: the thread offers points faster
 * than any server takes them, so a bounded buffer makes it wait), then with some busy work per step
 * standing for training (offered below the server's rate). Caller figures are the thread's wall and
 * CPU time inside the loop, and with work also the wall time it added to the same loop without
 * logging; "end to end" runs from the first point to the last one acknowledged by the server (the
 * run's flush). Compare it with {@code ingest --threads 1} on the same server.
 */
final class SdkBench {
  private static final int KEYS = 10;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  record Options(int points, int warmupPoints, List<Integer> buffers, List<Integer> workMicros) {
    static Options from(Flags flags) {
      return new Options(
          flags.integer("points", 1_000_000, KEYS),
          flags.integer("warmup-points", 200_000, 0),
          flags.integers("buffers", "32768,262144,1048576", 1024),
          flags.integers("work-us-per-step", "0,50", 0));
    }
  }

  private final URI uri;
  private final GalleyClient client;
  private final Options options;

  SdkBench(URI uri, GalleyClient client, Options options) {
    this.uri = uri;
    this.client = client;
    this.options = options;
  }

  Report run() {
    List<String> lines = new ArrayList<>();
    List<Map<String, Object>> results = new ArrayList<>();
    String experiment = TrackingBench.uniqueName("sdk");
    lines.add(
        String.format(
            "sdk: %s, %,d points per run from one thread, %d metrics per step",
            uri, options.points(), KEYS));
    for (int work : options.workMicros()) {
      // The same loop without logging: what the training thread's own work takes.
      long alone = work == 0 ? 0 : timeWorkAlone(work);
      for (int buffer : options.buffers()) {
        results.add(measure(experiment, buffer, work, alone, lines));
      }
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("bench", "sdk");
    json.put("uri", uri.toString());
    json.put("points", options.points());
    json.put("results", results);
    return new Report(lines, json);
  }

  private Map<String, Object> measure(
      String experiment, int buffer, int work, long alone, List<String> lines) {
    // Capture off: it runs once at startRun, outside the timed loop, and would only add noise.
    Galley galley =
        Galley.builder()
            .trackingUri(uri)
            .capture(CaptureOptions.none())
            .systemMetricsInterval(Duration.ZERO)
            .metricBufferPoints(buffer)
            .build();
    if (options.warmupPoints() > 0) {
      try (ActiveRun warm = galley.experiment(experiment).startRun("warm-up-" + buffer)) {
        log(warm, options.warmupPoints(), 0);
      }
    }
    ActiveRun run = galley.experiment(experiment).startRun("buffer-" + buffer + "-work-" + work);
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    log(run, options.points(), work);
    long callerNanos = System.nanoTime() - t0;
    long callerCpu = THREADS.getCurrentThreadCpuTime() - cpu0;
    run.flush();
    long endToEnd = System.nanoTime() - t0;
    run.close();
    int arrived = historySize(run.id(), "m0");
    String check =
        arrived == options.points() / KEYS
            ? "ok"
            : "WRONG: m0 has " + arrived + " points, " + options.points() / KEYS + " logged";
    double rate = options.points() / (endToEnd / 1e9);
    double wallPerPoint = callerNanos / (double) options.points();
    double cpuPerPoint = callerCpu / (double) options.points();
    double addedPerPoint = (callerNanos - alone) / (double) options.points();
    lines.add(
        String.format(
            "  work %3d us/step, buffer %,9d points: caller %,.0f ns/point wall (%,.0f ns more"
                + " than the work alone), %,.0f ns/point CPU; end to end %,.0f points/s; check %s",
            work, buffer, wallPerPoint, addedPerPoint, cpuPerPoint, rate, check));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("work_us_per_step", work);
    result.put("buffer_points", buffer);
    result.put("caller_wall_ns_per_point", Math.round(wallPerPoint));
    result.put("caller_added_ns_per_point", Math.round(addedPerPoint));
    result.put("caller_cpu_ns_per_point", Math.round(cpuPerPoint));
    result.put("end_to_end_points_per_s", Math.round(rate));
    result.put("check", check);
    return result;
  }

  /** The loop's work without logging, in nanoseconds. */
  private long timeWorkAlone(int work) {
    long t0 = System.nanoTime();
    for (int step = 0; step < options.points() / KEYS; step++) {
      spin(work);
    }
    return System.nanoTime() - t0;
  }

  /**
   * Ten metrics per step, as a training loop logs them, after {@code work} microseconds of busy
   * work standing for the step's computation (a spin, so the core stays as busy as training's).
   */
  private static void log(ActiveRun run, int points, int work) {
    String[] keys = new String[KEYS];
    for (int k = 0; k < KEYS; k++) {
      keys[k] = "m" + k;
    }
    for (int i = 0; i < points; i++) {
      if (work > 0 && i % KEYS == 0) {
        spin(work);
      }
      run.logMetric(keys[i % KEYS], i * 0.001, i / KEYS);
    }
  }

  private static void spin(int micros) {
    long until = System.nanoTime() + micros * 1000L;
    while (System.nanoTime() < until) {
      Thread.onSpinWait();
    }
  }

  private int historySize(String runId, String key) {
    int points = 0;
    @Nullable String token = null;
    do {
      MetricHistoryResponseJson page = client.metricHistory(runId, key, null, token);
      points += page.metrics().size();
      token = page.nextPageToken();
    } while (token != null && !token.isEmpty());
    return points;
  }
}
