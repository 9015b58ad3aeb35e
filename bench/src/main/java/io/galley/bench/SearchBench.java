package io.galley.bench;

import io.galley.client.GalleyClient;
import io.galley.client.mlflow.MetricJson;
import io.galley.client.mlflow.RunJson;
import io.galley.client.mlflow.SearchRunsResponseJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * runs/search latency over N runs in one experiment. Seeding gives every run a metric {@code m}
 * (uniform in [0,1) from a seeded generator, so the same seed gives the same data) and a param,
 * with parallel clients; then one client repeats the same filtered, ordered search.
 */
final class SearchBench {
  static final String FILTER = "metrics.m > 0.5";
  static final String ORDER_BY = "metrics.m DESC";
  static final int MAX_RESULTS = 100;

  record Options(
      int runs, int seedThreads, String experimentId, int warmup, int repeats, long seed) {
    static Options from(Flags flags) {
      return new Options(
          flags.integer("runs", 1000, 1),
          flags.integer("seed-threads", 8, 1),
          flags.string("experiment-id", null),
          flags.integer("warmup", 10, 0),
          flags.integer("repeats", 100, 0),
          flags.longValue("seed", 42));
    }
  }

  private final GalleyClient client;
  private final Options options;

  SearchBench(GalleyClient client, Options options) {
    this.client = client;
    this.options = options;
  }

  Report run() {
    List<String> lines = new ArrayList<>();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("bench", "search");
    json.put("uri", client.trackingUri().toString());
    String experiment = options.experimentId();
    double[] values = null;
    if (experiment == null) {
      experiment = client.createExperiment(TrackingBench.uniqueName("search"));
      values = values(options.runs(), options.seed());
      long nanos = seed(experiment, values);
      double seconds = nanos / 1e9;
      lines.add(
          String.format(
              "search: seeded %,d runs into experiment %s on %s in %.1f s (%,.0f runs/s, %d"
                  + " clients)",
              options.runs(),
              experiment,
              client.trackingUri(),
              seconds,
              options.runs() / seconds,
              options.seedThreads()));
      json.put("runs", options.runs());
      json.put("seed_seconds", Math.round(seconds * 10) / 10.0);
      json.put("seed_runs_per_s", Math.round(options.runs() / seconds));
    } else {
      lines.add("search: reusing experiment " + experiment + " on " + client.trackingUri());
    }
    json.put("experiment_id", experiment);
    if (options.repeats() == 0) {
      lines.add("  --repeats 0: seeded only");
      return new Report(lines, json);
    }
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("experiment_ids", List.of(experiment));
    query.put("filter", FILTER);
    query.put("order_by", List.of(ORDER_BY));
    query.put("max_results", MAX_RESULTS);
    byte[] body = BenchRequests.json(query);

    String check = check(client.searchRunsEncoded(body), values);
    for (int i = 0; i < options.warmup(); i++) {
      client.searchRunsEncoded(body);
    }
    // Each timed request differs in the 10th decimal of the threshold (the same answer for the
    // seeded data): a database that reuses the result of an identical query (H2 does) would
    // otherwise be timed answering from that cache, not searching.
    long[] nanos = new long[options.repeats()];
    for (int i = 0; i < nanos.length; i++) {
      query.put("filter", String.format(Locale.ROOT, "metrics.m > 0.5%09d", i + 1));
      byte[] distinct = BenchRequests.json(query);
      long t0 = System.nanoTime();
      client.searchRunsEncoded(distinct);
      nanos[i] = System.nanoTime() - t0;
    }
    Latencies latencies = Latencies.ofNanos(nanos);
    lines.add(
        String.format(
            "  runs/search {filter: \"%s\", order_by: \"%s\", max_results: %d}, %d warm-up,"
                + " %d timed, one client: %s",
            FILTER, ORDER_BY, MAX_RESULTS, options.warmup(), options.repeats(), latencies.human()));
    lines.add("  answer check: " + check);
    json.put("filter", FILTER);
    json.put("order_by", ORDER_BY);
    json.put("max_results", MAX_RESULTS);
    json.put("latency_ms", latencies.json());
    json.put("check", check);
    return new Report(lines, json);
  }

  static double[] values(int runs, long seed) {
    Random random = new Random(seed);
    double[] values = new double[runs];
    for (int i = 0; i < runs; i++) {
      values[i] = random.nextDouble();
    }
    return values;
  }

  private long seed(String experiment, double[] values) {
    long baseTime = System.currentTimeMillis();
    return Parallel.forEachIndex(
        options.seedThreads(),
        values.length,
        "seed runs",
        i -> {
          long time = baseTime + i;
          String runId = BenchRequests.createRun(client, experiment, time);
          String fields =
              "\"metrics\":[{\"key\":\"m\",\"value\":"
                  + values[i]
                  + ",\"timestamp\":"
                  + time
                  + ",\"step\":0}],"
                  + "\"params\":[{\"key\":\"p\",\"value\":\"v"
                  + (i % 100)
                  + "\"}]";
          BenchRequests.logBatch(client, runId, fields.getBytes(StandardCharsets.UTF_8));
        });
  }

  /** Says whether the answer honours the filter and order, and (when seeded) is the right top. */
  static String check(SearchRunsResponseJson answer, double[] seeded) {
    List<Double> ms = new ArrayList<>();
    for (RunJson run : answer.runs()) {
      double m = Double.NaN;
      for (MetricJson metric : run.data().metrics()) {
        if ("m".equals(metric.key())) {
          m = metric.value();
        }
      }
      ms.add(m);
    }
    for (int i = 0; i < ms.size(); i++) {
      if (!(ms.get(i) > 0.5)) {
        return "WRONG: run " + i + " has m=" + ms.get(i) + ", not > 0.5";
      }
      if (i > 0 && ms.get(i) > ms.get(i - 1)) {
        return "WRONG: not ordered by m descending at position " + i;
      }
    }
    if (seeded != null) {
      double[] top =
          Arrays.stream(seeded)
              .filter(v -> v > 0.5)
              .map(v -> -v)
              .sorted()
              .limit(MAX_RESULTS)
              .map(v -> -v)
              .toArray();
      if (ms.size() != top.length) {
        return "WRONG: " + ms.size() + " runs returned, expected " + top.length;
      }
      for (int i = 0; i < top.length; i++) {
        if (Math.abs(ms.get(i) - top[i]) > 1e-12) {
          return "WRONG: position " + i + " has m=" + ms.get(i) + ", expected " + top[i];
        }
      }
    }
    return "ok ("
        + ms.size()
        + " runs, m > 0.5, descending"
        + (seeded != null ? ", top matches seed)" : ")");
  }
}
