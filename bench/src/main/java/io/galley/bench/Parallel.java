package io.galley.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs {@code count} indexed tasks on a fixed number of client threads; the first failure stops
 * all.
 */
final class Parallel {
  private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

  private Parallel() {}

  /** Returns the wall time in nanoseconds. Progress goes to stderr every few seconds. */
  static long forEachIndex(int threads, int count, String label, IntConsumer task) {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    long start = System.nanoTime();
    long[] lastReport = {start};
    ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads(label));
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    task.accept(i);
                    int finished = done.incrementAndGet();
                    if (finished % 100 == 0) {
                      report(label, finished, count, start, lastReport);
                    }
                  }
                }));
      }
      for (Future<?> future : futures) {
        await(future, next, count);
      }
    } finally {
      pool.shutdownNow();
    }
    return System.nanoTime() - start;
  }

  private static void await(Future<?> future, AtomicInteger next, int count) {
    try {
      future.get();
    } catch (ExecutionException e) {
      next.set(count); // the other threads stop after their current task
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new BenchException(String.valueOf(cause), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted", e);
    }
  }

  private static synchronized void report(
      String label, int finished, int count, long start, long[] lastReport) {
    long now = System.nanoTime();
    if (now - lastReport[0] < PROGRESS_EVERY_NANOS) {
      return;
    }
    lastReport[0] = now;
    double seconds = (now - start) / 1e9;
    System.err.printf(
        "  %s: %,d / %,d (%.0f/s)%n", label, finished, count, finished / Math.max(seconds, 1e-9));
  }

  static ThreadFactory daemonThreads(String label) {
    AtomicInteger n = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "bench-" + label + "-" + n.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
