package io.galley.bench;

import io.galley.client.GalleyClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Log-batch ingest: each request creates a run, then fills it with one log-batch of 10 keys x 100
 * steps = 1000 metric points. Reports points/s over wall time (run create included) and points/s
 * counting only the time spent inside log-batch calls.
 */
final class IngestBench {
  static final int KEYS = 10;
  static final int STEPS = 100;
  static final int POINTS_PER_REQUEST = KEYS * STEPS;

  record Options(List<Integer> threads, int warmupRequests, int requests, int seconds, long seed) {
    static Options from(Flags flags) {
      List<Integer> threads = flags.integers("threads", "1,4", 1);
      int warmup = flags.integer("warmup-requests", 10, 0);
      boolean byCount = flags.has("requests");
      int requests = flags.integer("requests", 0, 1);
      int seconds = flags.integer("seconds", byCount ? 0 : 10, byCount ? 0 : 1);
      if (byCount && flags.has("seconds")) {
        throw new UsageException("give --requests or --seconds, not both");
      }
      return new Options(threads, warmup, requests, seconds, flags.longValue("seed", 42));
    }
  }

  /** One thread's tallies; only that thread writes them until the pool is done. */
  private static final class Tally {
    final LongList createNanos = new LongList();
    final LongList batchNanos = new LongList();
  }

  private final GalleyClient client;
  private final Options options;
  private final byte[] metricsJson;

  IngestBench(GalleyClient client, Options options) {
    this.client = client;
    this.options = options;
    this.metricsJson = metricsJson(options.seed(), System.currentTimeMillis());
  }

  /** One thread count's figures. */
  record Result(
      int threads,
      long requests,
      double seconds,
      long pointsPerSecond,
      long insideLogBatchPointsPerSecond,
      Latencies logBatch,
      Latencies create) {

    String human() {
      return String.format(
          "  %d thread(s): %,d points/s (%,d points/s inside log-batch calls), %,d requests in"
              + " %.2f s; log-batch p50 %.2f ms p90 %.2f ms; runs/create p50 %.2f ms",
          threads,
          pointsPerSecond,
          insideLogBatchPointsPerSecond,
          requests,
          seconds,
          logBatch.p50(),
          logBatch.p90(),
          create.p50());
    }

    Map<String, Object> json() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("threads", threads);
      out.put("requests", requests);
      out.put("points", requests * POINTS_PER_REQUEST);
      out.put("seconds", seconds);
      out.put("points_per_s", pointsPerSecond);
      out.put("log_batch_points_per_s", insideLogBatchPointsPerSecond);
      out.put("log_batch_ms", logBatch.json());
      out.put("create_run_ms", create.json());
      return out;
    }
  }

  Report run() {
    String experiment = client.createExperiment(TrackingBench.uniqueName("ingest"));
    String budget =
        options.requests() > 0 ? options.requests() + " requests" : options.seconds() + " s";
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            "ingest: %s, experiment %s, %d points/request (%d keys x %d steps, a new run each),"
                + " %s per thread count after %d warm-up requests per thread",
            client.trackingUri(),
            experiment,
            POINTS_PER_REQUEST,
            KEYS,
            STEPS,
            budget,
            options.warmupRequests()));
    List<Map<String, Object>> results = new ArrayList<>();
    for (int threads : options.threads()) {
      System.err.printf("  ingest: %d thread(s)...%n", threads);
      measure(experiment, threads, threads * options.warmupRequests(), 0);
      Result result = measure(experiment, threads, options.requests(), options.seconds());
      lines.add(result.human());
      results.add(result.json());
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("bench", "ingest");
    json.put("uri", client.trackingUri().toString());
    json.put("experiment_id", experiment);
    json.put("points_per_request", POINTS_PER_REQUEST);
    json.put("results", results);
    return new Report(lines, json);
  }

  /** Runs {@code requests} requests in all, or for {@code seconds}, on {@code threads} threads. */
  private Result measure(String experiment, int threads, int requests, int seconds) {
    AtomicInteger claimed = new AtomicInteger();
    long start = System.nanoTime();
    long deadline = start + seconds * 1_000_000_000L;
    List<Tally> tallies = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads, Parallel.daemonThreads("ingest"));
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Tally tally = new Tally();
        tallies.add(tally);
        futures.add(
            pool.submit(
                () -> {
                  while (requests > 0
                      ? claimed.getAndIncrement() < requests
                      : System.nanoTime() < deadline) {
                    long t0 = System.nanoTime();
                    String runId =
                        BenchRequests.createRun(client, experiment, System.currentTimeMillis());
                    long t1 = System.nanoTime();
                    BenchRequests.logBatch(client, runId, metricsJson);
                    long t2 = System.nanoTime();
                    tally.createNanos.add(t1 - t0);
                    tally.batchNanos.add(t2 - t1);
                  }
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } catch (ExecutionException e) {
      claimed.set(Integer.MAX_VALUE / 2);
      throw e.getCause() instanceof RuntimeException r ? r : new BenchException("ingest failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
    long wall = System.nanoTime() - start;
    long done = 0;
    double insideBatchRate = 0;
    for (Tally tally : tallies) {
      done += tally.batchNanos.size();
      if (tally.batchNanos.size() > 0) {
        insideBatchRate +=
            tally.batchNanos.size() * (double) POINTS_PER_REQUEST / (tally.batchNanos.sum() / 1e9);
      }
    }
    return new Result(
        threads,
        done,
        Math.round(wall / 1e6) / 1e3,
        Math.round(done * POINTS_PER_REQUEST / (wall / 1e9)),
        Math.round(insideBatchRate),
        Latencies.ofNanos(LongList.concat(tallies.stream().map(t -> t.batchNanos).toList())),
        Latencies.ofNanos(LongList.concat(tallies.stream().map(t -> t.createNanos).toList())));
  }

  /** The {@code "metrics":[...]} member, serialised once and reused by every request. */
  static byte[] metricsJson(long seed, long timestamp) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Map<String, Object>> metrics = new ArrayList<>(POINTS_PER_REQUEST);
    for (int k = 0; k < KEYS; k++) {
      for (int step = 0; step < STEPS; step++) {
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("key", "metric_" + k);
        point.put("value", random.nextDouble());
        point.put("timestamp", timestamp + step);
        point.put("step", step);
        metrics.add(point);
      }
    }
    return BenchRequests.members(Map.of("metrics", metrics));
  }
}
