package io.galley.bench;

import io.galley.client.GalleyClient;
import io.galley.client.mlflow.RunJson;
import io.galley.client.mlflow.SearchRunsResponseJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * runs/search with a filter of many AND clauses over N runs in one experiment. Every run gets five
 * metrics, params and tags ({@code m0..m4}, {@code p0..p4}, {@code t0..t4}). The "mixed" filter
 * cycles through metric, param, tag and attribute clauses that every run passes, each with its own
 * constant, so that no clause is a copy of another and no run is ruled out early: the worst case
 * for a plan that checks each clause on its own. The "absent" filter names a different metric key
 * in every clause, keys no run has, so the answer is empty and the cost is the plan's.
 */
final class ManyClausesBench {
  static final String ORDER_BY = "metrics.m0 DESC";
  static final int MAX_RESULTS = 100;
  private static final int KEYS = 5;

  record Options(
      int runs,
      int clauses,
      String shape,
      int seedThreads,
      String experimentId,
      int warmup,
      int repeats,
      long seed) {
    static Options from(Flags flags) {
      String shape = flags.string("shape", "mixed");
      if (!shape.equals("mixed") && !shape.equals("absent")) {
        throw new UsageException("--shape is mixed or absent, not '" + shape + "'");
      }
      return new Options(
          flags.integer("runs", 100_000, 1),
          flags.integer("clauses", 500, 1),
          shape,
          flags.integer("seed-threads", 8, 1),
          flags.string("experiment-id", null),
          flags.integer("warmup", 1, 0),
          flags.integer("repeats", 5, 0),
          flags.longValue("seed", 42));
    }
  }

  private final GalleyClient client;
  private final Options options;

  ManyClausesBench(GalleyClient client, Options options) {
    this.client = client;
    this.options = options;
  }

  Report run() {
    List<String> lines = new ArrayList<>();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("bench", "many-clauses");
    json.put("uri", client.trackingUri().toString());
    String experiment = options.experimentId();
    if (experiment == null) {
      experiment = client.createExperiment(TrackingBench.uniqueName("clauses"));
      long nanos = seed(experiment);
      lines.add(
          String.format(
              "many-clauses: seeded %,d runs into experiment %s on %s in %.1f s",
              options.runs(), experiment, client.trackingUri(), nanos / 1e9));
      json.put("runs", options.runs());
    } else {
      lines.add("many-clauses: reusing experiment " + experiment + " on " + client.trackingUri());
    }
    json.put("experiment_id", experiment);
    json.put("clauses", options.clauses());
    json.put("shape", options.shape());
    if (options.repeats() == 0) {
      lines.add("  --repeats 0: seeded only");
      return new Report(lines, json);
    }
    // The reference answer: the same order with one clause every run passes.
    List<String> expected =
        options.shape().equals("absent")
            ? List.of()
            : runIds(client.searchRunsEncoded(body(experiment, "metrics.m0 > -1")));
    String check = "";
    for (int i = 0; i < options.warmup(); i++) {
      check(client.searchRunsEncoded(body(experiment, filter(i + 1))), expected);
    }
    long[] nanos = new long[options.repeats()];
    for (int i = 0; i < nanos.length; i++) {
      // A different constant in each timed request, so that no cached answer is timed.
      byte[] body = body(experiment, filter(options.warmup() + i + 1));
      long t0 = System.nanoTime();
      SearchRunsResponseJson answer = client.searchRunsEncoded(body);
      nanos[i] = System.nanoTime() - t0;
      check = check(answer, expected);
    }
    Latencies latencies = Latencies.ofNanos(nanos);
    lines.add(
        String.format(
            "  runs/search, %d %s AND clauses, order_by \"%s\", max_results %d, %d warm-up,"
                + " %d timed, one client: %s",
            options.clauses(),
            options.shape(),
            ORDER_BY,
            MAX_RESULTS,
            options.warmup(),
            options.repeats(),
            latencies.human()));
    lines.add("  answer check: " + check);
    json.put("latency_ms", latencies.json());
    json.put("check", check);
    return new Report(lines, json);
  }

  /** The filter of the chosen shape; {@code salt} changes its constants, never its answer. */
  String filter(int salt) {
    StringBuilder f = new StringBuilder();
    for (int j = 0; j < options.clauses(); j++) {
      if (j > 0) {
        f.append(" AND ");
      }
      int key = (j / 4) % KEYS;
      if (options.shape().equals("absent")) {
        f.append("metrics.absent_").append(j).append(" > ").append(salt);
        continue;
      }
      switch (j % 4) {
        case 0 -> f.append("metrics.m").append(key).append(" > -").append(salt * 1000 + j);
        case 1 -> f.append(notEqual("params.p", key, salt, j));
        case 2 -> f.append(notEqual("tags.t", key, salt, j));
        default -> f.append("attributes.start_time > ").append(j - salt);
      }
    }
    return f.toString();
  }

  /** {@code <prefix><key> != 'x<salt>_<j>'}: a value no run has, different in every clause. */
  private static String notEqual(String prefix, int key, int salt, int j) {
    return prefix + key + " != 'x" + salt + "_" + j + "'";
  }

  private static byte[] body(String experiment, String filter) {
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("experiment_ids", List.of(experiment));
    query.put("filter", filter);
    query.put("order_by", List.of(ORDER_BY));
    query.put("max_results", MAX_RESULTS);
    return BenchRequests.json(query);
  }

  private static List<String> runIds(SearchRunsResponseJson answer) {
    List<String> ids = new ArrayList<>();
    for (RunJson run : answer.runs()) {
      ids.add(run.info().runId());
    }
    return ids;
  }

  private static String check(SearchRunsResponseJson answer, List<String> expected) {
    List<String> got = runIds(answer);
    if (!got.equals(expected)) {
      throw new BenchException(
          "WRONG answer: "
              + got.size()
              + " runs, expected "
              + expected.size()
              + " (the same runs as with one clause every run passes)");
    }
    return "ok (" + got.size() + " runs, the same as the one-clause search)";
  }

  private long seed(String experiment) {
    Random random = new Random(options.seed());
    double[][] values = new double[options.runs()][KEYS];
    for (double[] run : values) {
      for (int k = 0; k < KEYS; k++) {
        run[k] = random.nextDouble();
      }
    }
    long baseTime = System.currentTimeMillis();
    return Parallel.forEachIndex(
        options.seedThreads(),
        options.runs(),
        "seed runs",
        i -> {
          long time = baseTime + i;
          String runId = BenchRequests.createRun(client, experiment, time);
          StringBuilder metrics = new StringBuilder("\"metrics\":[");
          StringBuilder params = new StringBuilder("\"params\":[");
          StringBuilder tags = new StringBuilder("\"tags\":[");
          for (int k = 0; k < KEYS; k++) {
            String sep = k == 0 ? "" : ",";
            metrics.append(sep).append("{\"key\":\"m").append(k).append("\",\"value\":");
            metrics.append(values[i][k]).append(",\"timestamp\":").append(time);
            metrics.append(",\"step\":0}");
            params.append(sep).append("{\"key\":\"p").append(k).append("\",\"value\":\"v");
            params.append(i % 100).append("\"}");
            tags.append(sep).append("{\"key\":\"t").append(k).append("\",\"value\":\"v");
            tags.append(i % 7).append("\"}");
          }
          String fields = metrics + "]," + params + "]," + tags + "]";
          BenchRequests.logBatch(client, runId, fields.getBytes(StandardCharsets.UTF_8));
        });
  }
}
