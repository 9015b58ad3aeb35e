package io.galley.bench;

import io.galley.client.GalleyClient;
import io.galley.client.mlflow.MetricHistoryResponseJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * metrics/get-history latency for one metric of one run with many points (10,000 by default, seeded
 * with log-batch requests of at most 1000 points). A timed request follows {@code next_page_token}
 * if the server pages, so the figure is always "the whole history".
 */
final class HistoryBench {
  static final String KEY = "loss";
  static final int MAX_PAGES = 1000;

  record Options(int points, int warmup, int repeats, long seed) {
    static Options from(Flags flags) {
      return new Options(
          flags.integer("points", 10_000, 1),
          flags.integer("warmup", 5, 0),
          flags.integer("repeats", 50, 1),
          flags.longValue("seed", 42));
    }
  }

  private final GalleyClient client;
  private final Options options;

  HistoryBench(GalleyClient client, Options options) {
    this.client = client;
    this.options = options;
  }

  Report run() {
    String experiment = client.createExperiment(TrackingBench.uniqueName("history"));
    long time = System.currentTimeMillis();
    String runId = BenchRequests.createRun(client, experiment, time);
    SplittableRandom random = new SplittableRandom(options.seed());
    int batches = 0;
    for (int from = 0; from < options.points(); from += 1000) {
      List<Map<String, Object>> metrics = new ArrayList<>();
      for (int step = from; step < Math.min(options.points(), from + 1000); step++) {
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("key", KEY);
        point.put("value", random.nextDouble());
        point.put("timestamp", time + step);
        point.put("step", step);
        metrics.add(point);
      }
      BenchRequests.logBatch(client, runId, BenchRequests.members(Map.of("metrics", metrics)));
      batches++;
    }

    int[] answer = fetchAll(runId); // {points, pages}
    for (int i = 0; i < options.warmup(); i++) {
      fetchAll(runId);
    }
    long[] nanos = new long[options.repeats()];
    for (int i = 0; i < nanos.length; i++) {
      long t0 = System.nanoTime();
      fetchAll(runId);
      nanos[i] = System.nanoTime() - t0;
    }
    Latencies latencies = Latencies.ofNanos(nanos);
    String check =
        answer[0] == options.points()
            ? "ok (" + answer[0] + " points in " + answer[1] + " page(s))"
            : "WRONG: " + answer[0] + " points returned, " + options.points() + " logged";

    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            "history: %s, run %s, metric '%s' with %,d points (seeded by %d log-batch requests)",
            client.trackingUri(), runId, KEY, options.points(), batches));
    lines.add(
        String.format(
            "  metrics/get-history, %d warm-up, %d timed, one client: %s",
            options.warmup(), options.repeats(), latencies.human()));
    lines.add("  answer check: " + check);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("bench", "history");
    json.put("uri", client.trackingUri().toString());
    json.put("experiment_id", experiment);
    json.put("run_id", runId);
    json.put("points", options.points());
    json.put("pages", answer[1]);
    json.put("latency_ms", latencies.json());
    json.put("check", check);
    return new Report(lines, json);
  }

  /** Returns {points, pages}. */
  private int[] fetchAll(String runId) {
    int points = 0;
    int pages = 0;
    @Nullable String token = null;
    do {
      MetricHistoryResponseJson page = client.metricHistory(runId, KEY, null, token);
      points += page.metrics().size();
      pages++;
      token = page.nextPageToken();
    } while (token != null && !token.isEmpty() && pages < MAX_PAGES);
    return new int[] {points, pages};
  }
}
