package io.galley.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.core.search.Comparator;
import io.galley.core.search.Comparison;
import io.galley.core.search.EntityType;
import io.galley.core.search.FilterValue;
import io.galley.core.search.OrderBy;
import io.galley.core.search.SearchFilter;
import io.galley.core.tracking.Metric;
import io.galley.core.tracking.NewRun;
import io.galley.core.tracking.Page;
import io.galley.core.tracking.Run;
import io.galley.core.tracking.RunQuery;
import io.galley.core.tracking.TrackingStore;
import io.galley.core.tracking.ViewType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Store-level measurements without HTTP, for BENCHMARKS.md: log-batch points/s for 1 and 4 clients
 * on H2 and PostgreSQL, a 10k-point history, a filtered and metric-ordered search over 10k runs. It
 * prints the numbers to the test output and asserts only that the answers are right: speed is
 * measured, never asserted. Opt-in, since it takes a while.
 */
@EnabledIfEnvironmentVariable(
    named = "GALLEY_PERF",
    matches = "1",
    disabledReason = "takes ~40 s (10k runs); set GALLEY_PERF=1 to run it")
class PerformanceSmokeTest {
  @TempDir Path dir;

  @Test
  void h2IngestHistoryAndSearch() {
    try (JdbcStore jdbc = JdbcStore.open(TestDatabases.h2(dir))) {
      TrackingStore store = jdbc.tracking();
      String exp = store.createExperiment("perf", null, List.of()).experimentId();
      String runId = store.createRun(new NewRun(exp, null, "big", 1, List.of())).info().runId();

      // log-batch: 20 batches of 1000 points (10 keys x 100 steps) after a warm-up.
      long step = 0;
      for (int warm = 0; warm < 20; warm++) {
        store.logBatch(runId, batch(step), List.of(), List.of());
        step += 100;
      }
      long t0 = System.nanoTime();
      int batches = 30;
      for (int b = 0; b < batches; b++) {
        store.logBatch(runId, batch(step), List.of(), List.of());
        step += 100;
      }
      double pointsPerSecond = batches * 1000 / ((System.nanoTime() - t0) / 1e9);

      // history: key0 has 100 points per batch -> 5000; log 5000 more to reach 10k.
      for (int b = 0; b < 5; b++) {
        List<Metric> points = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
          points.add(new Metric("key0", i, step, step));
          step++;
        }
        store.logBatch(runId, points, List.of(), List.of());
      }
      for (int i = 0; i < 10; i++) {
        store.getMetricHistory(runId, "key0", 0, null);
      }
      long t1 = System.nanoTime();
      List<Metric> history = store.getMetricHistory(runId, "key0", 0, null).items();
      double historyMs = (System.nanoTime() - t1) / 1e6;
      assertThat(history).hasSize(10_000);

      // 10k runs with an accuracy metric each.
      String exp2 = store.createExperiment("many", null, List.of()).experimentId();
      for (int r = 0; r < 10_000; r++) {
        String id = store.createRun(new NewRun(exp2, null, "r" + r, r, List.of())).info().runId();
        store.logBatch(
            id,
            List.of(new Metric("acc", (r * 7919 % 10_000) / 10_000.0, 1, 0)),
            List.of(),
            List.of());
      }
      RunQuery query =
          new RunQuery(
              List.of(exp2),
              new SearchFilter(
                  List.of(
                      new Comparison(
                          EntityType.METRIC, "acc", Comparator.GT, new FilterValue.Number(0.5)))),
              ViewType.ACTIVE_ONLY,
              100,
              List.of(new OrderBy(EntityType.METRIC, "acc", false)),
              null);
      for (int i = 0; i < 20; i++) {
        store.searchRuns(query);
      }
      long t2 = System.nanoTime();
      int reps = 10;
      Page<Run> page = null;
      for (int i = 0; i < reps; i++) {
        page = store.searchRuns(query);
      }
      double searchMs = (System.nanoTime() - t2) / 1e6 / reps;
      assertThat(page.items()).hasSize(100);
      assertThat(page.items().get(0).data().metrics().get(0).value()).isEqualTo(0.9999);

      System.out.printf(
          "log-batch: %.0f points/s; history 10k: %.1f ms; search 10k runs: %.1f ms%n",
          pointsPerSecond, historyMs, searchMs);
    }
  }

  /** log-batch alone, 1 and 4 clients (one run each), on H2 and PostgreSQL; prints the rates. */
  @Test
  void h2LogBatchClients() {
    try (JdbcStore jdbc = JdbcStore.open(TestDatabases.h2(dir))) {
      printLogBatchRates("H2", jdbc.tracking());
    }
  }

  @Test
  void postgresLogBatchClients() {
    try (JdbcStore jdbc = JdbcStore.open(TestDatabases.postgres())) {
      printLogBatchRates("PostgreSQL", jdbc.tracking());
    }
  }

  private static void printLogBatchRates(String db, TrackingStore store) {
    String exp = store.createExperiment("clients", null, List.of()).experimentId();
    logBatchRate(store, exp, 4, 100); // warm-up (JIT)
    double one = logBatchRate(store, exp, 1, 400);
    double four = logBatchRate(store, exp, 4, 200);
    System.out.printf(
        "%s log-batch (1000 points, 10 keys): 1 client %.0f points/s; 4 clients %.0f points/s%n",
        db, one, four);
  }

  /**
   * Points per second for {@code clients} threads, each logging {@code batches} batches to its own
   * run.
   */
  private static double logBatchRate(TrackingStore store, String exp, int clients, int batches) {
    List<String> runs = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      runs.add(store.createRun(new NewRun(exp, null, "c" + c, 1, List.of())).info().runId());
    }
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      long t0 = System.nanoTime();
      List<Future<?>> workers = new ArrayList<>();
      for (String runId : runs) {
        workers.add(
            pool.submit(
                () -> {
                  for (int b = 0; b < batches; b++) {
                    store.logBatch(runId, batch(b * 100L), List.of(), List.of());
                  }
                }));
      }
      // A worker's failure fails the test: a rate over batches that were refused means nothing.
      for (Future<?> worker : workers) {
        worker.get();
      }
      return clients * batches * 1000 / ((System.nanoTime() - t0) / 1e9);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new AssertionError("a log-batch client failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<Metric> batch(long firstStep) {
    List<Metric> points = new ArrayList<>(1000);
    for (int k = 0; k < 10; k++) {
      for (int i = 0; i < 100; i++) {
        long step = firstStep + i;
        points.add(new Metric("key" + k, Math.sin(step), 1_700_000_000_000L + step, step));
      }
    }
    return points;
  }
}
