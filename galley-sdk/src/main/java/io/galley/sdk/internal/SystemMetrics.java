package io.galley.sdk.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * System metrics of open runs: every run's sampling is a periodic task on one daemon thread shared
 * by the whole JVM, which ends a few seconds after the last run stops sampling. A sample is logged
 * as metrics {@code system/<name>} with step = the sample's index (0, 1, …), as MLflow's {@code
 * SystemMetricsMonitor} does, so MLflow's UI charts them on its system metrics tab.
 */
public final class SystemMetrics {
  public static final String PREFIX = "system/";

  /** Where a run's samples go: its metric pipeline. */
  @FunctionalInterface
  public interface Sink {
    void log(String key, double value, long step);
  }

  private static final System.Logger LOG = System.getLogger("io.galley.sdk");
  private static final ScheduledThreadPoolExecutor SCHEDULER = scheduler();

  private SystemMetrics() {}

  private static ScheduledThreadPoolExecutor scheduler() {
    ScheduledThreadPoolExecutor s =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "galley-system-metrics");
              t.setDaemon(true); // sampling must never keep a JVM alive
              return t;
            });
    s.setRemoveOnCancelPolicy(true); // a stopped run leaves nothing queued
    s.setKeepAliveTime(5, TimeUnit.SECONDS);
    s.allowCoreThreadTimeOut(true); // no open run, no thread
    return s;
  }

  /**
   * Starts sampling every {@code interval} into {@code sink}; the first sample comes one interval
   * from now. {@code runId} only names the run in warnings.
   */
  public static Monitor start(String runId, Duration interval, Sink sink) {
    boolean gpus = NvidiaSmi.available(System.getenv().getOrDefault("PATH", ""));
    Monitor monitor = new Monitor(runId, new SystemSampler(gpus), sink);
    long nanos = interval.toNanos();
    monitor.future =
        SCHEDULER.scheduleAtFixedRate(monitor::tick, nanos, nanos, TimeUnit.NANOSECONDS);
    return monitor;
  }

  /** One run's sampling. */
  public static final class Monitor {
    private final String runId;
    private final SystemSampler sampler;
    private final Sink sink;
    private final Object lock = new Object();
    private volatile @Nullable ScheduledFuture<?> future;
    private boolean stopped; // guarded by lock
    private long step; // guarded by lock
    private boolean warned; // scheduler thread only

    private Monitor(String runId, SystemSampler sampler, Sink sink) {
      this.runId = runId;
      this.sampler = sampler;
      this.sink = sink;
    }

    /**
     * Stops sampling; once this returns no sample is logged any more, so the run's pipeline can be
     * closed. Waits for a sample being logged, never for one being taken. Idempotent.
     */
    public void stop() {
      synchronized (lock) {
        stopped = true;
      }
      ScheduledFuture<?> f = future;
      if (f != null) {
        f.cancel(false);
      }
    }

    public boolean isStopped() {
      synchronized (lock) {
        return stopped;
      }
    }

    /** Samples logged so far. */
    public long samples() {
      synchronized (lock) {
        return step;
      }
    }

    private void tick() {
      Map<String, Double> values;
      try {
        values = sampler.sample();
      } catch (RuntimeException e) {
        // An unexpected /proc layout must not end sampling, nor ever reach training code.
        if (!warned) {
          warned = true;
          LOG.log(System.Logger.Level.WARNING, "system metrics of run " + runId + ": " + e, e);
        }
        return;
      }
      synchronized (lock) {
        if (stopped) {
          return;
        }
        try {
          for (Map.Entry<String, Double> v : values.entrySet()) {
            sink.log(PREFIX + v.getKey(), v.getValue(), step);
          }
        } catch (RuntimeException e) {
          // The run's pipeline failed: its next call and close() throw why; sampling is over.
          stopped = true;
          ScheduledFuture<?> f = future;
          if (f != null) {
            f.cancel(false);
          }
          return;
        }
        step++;
      }
    }
  }
}
