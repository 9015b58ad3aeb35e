package io.galley.sdk.internal;

import io.galley.client.GalleyApiException;
import io.galley.client.GalleyClient;
import io.galley.client.GalleyUnreachableException;
import io.galley.core.tracking.TrackingLimits;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * One run's metrics on their way to the server: callers {@link #log} into a {@link MetricRing}; one
 * daemon thread sends {@code runs/log-batch} requests of up to 1000 points, as soon as a batch is
 * full or when the oldest waiting point has waited {@code linger}, and at once for a {@link
 * #flush}. Network trouble is retried by the {@link GalleyClient}; a failure it gives up on stops
 * the pipeline and is thrown by every later call, never dropped silently.
 */
public final class MetricPipeline {
  private static final int BATCH = TrackingLimits.MAX_METRICS_PER_BATCH;
  private static final long IDLE_NANOS = 100_000_000L;

  private final GalleyClient api;
  private final String runId;
  private final MetricRing ring;
  private final MetricKeys keys = new MetricKeys();
  private final MetricBatchEncoder encoder;
  private final long lingerNanos;
  private final Thread sender;
  private final Object lock = new Object();
  private volatile long flushTarget;
  private volatile boolean stopping;
  private long sent; // guarded by lock

  public MetricPipeline(GalleyClient api, String runId, int capacity, Duration linger) {
    this.api = api;
    this.runId = runId;
    this.ring = new MetricRing(capacity);
    this.encoder = new MetricBatchEncoder(runId);
    this.lingerNanos = linger.toNanos();
    this.sender = new Thread(this::sendLoop, "galley-metrics-" + runId);
    sender.setDaemon(true); // a forgotten run must not keep the JVM alive; the hook ends it
    ring.consumer(sender);
    sender.start();
  }

  /** The hot path: a volatile read, a map lookup, the clock and four array stores. */
  public void log(String key, double value, long step) {
    RuntimeException f = ring.failure();
    if (f != null) {
      throw f;
    }
    ring.put(keys.idOf(key), value, System.currentTimeMillis(), step);
  }

  /** The failure that stopped the pipeline, if any. */
  public @Nullable RuntimeException failure() {
    return ring.failure();
  }

  /** Waits until every point logged so far is stored; throws the pipeline's failure if any. */
  public void flush() {
    flush(Long.MAX_VALUE);
  }

  /** As {@link #flush()}, giving up after {@code timeout}; false then. */
  public boolean flush(Duration timeout) {
    return flush(timeout.toNanos());
  }

  private boolean flush(long timeoutNanos) {
    long target = ring.claimed();
    synchronized (lock) {
      if (flushTarget < target) {
        flushTarget = target;
      }
    }
    ring.wakeConsumer();
    long start = System.nanoTime();
    synchronized (lock) {
      while (sent < target && ring.failure() == null) {
        long left = timeoutNanos - (System.nanoTime() - start);
        if (left <= 0) {
          return false;
        }
        try {
          lock.wait(Math.max(1, Math.min(left / 1_000_000, 1_000)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new GalleyUnreachableException("Interrupted while flushing run " + runId, e);
        }
      }
    }
    RuntimeException f = ring.failure();
    if (f != null) {
      throw f;
    }
    return true;
  }

  /** Flushes, then stops the sender thread. Throws the pipeline's failure if any. */
  public void close() {
    try {
      flush();
    } finally {
      stopping = true;
      ring.wakeConsumer();
    }
  }

  /** Points the caller has logged so far. */
  public long logged() {
    return ring.claimed();
  }

  private void sendLoop() {
    long next = 0;
    long pendingSince = 0;
    boolean pending = false;
    while (true) {
      int n = ring.available(next, BATCH);
      long now = System.nanoTime();
      if (n > 0 && !pending) {
        pending = true;
        pendingSince = now;
      }
      boolean hurry = stopping || flushTarget > next || now - pendingSince >= lingerNanos;
      if (n == BATCH || (n > 0 && hurry)) {
        encoder.encode(ring, keys, next, n);
        int first = ring.slot(next);
        String firstKey = keys.name(ring.keys[first]);
        long firstStep = ring.steps[first];
        ring.free(next + n); // encoded: producers may reuse the slots while the request runs
        try {
          api.logBatchEncoded(encoder.bytes(), encoder.length());
        } catch (RuntimeException e) {
          fail(e, n, firstKey, firstStep);
          return;
        }
        next += n;
        pending = false;
        synchronized (lock) {
          sent = next;
          lock.notifyAll();
        }
        continue;
      }
      if (stopping && n == 0 && next >= ring.claimed()) {
        return;
      }
      Thread.interrupted(); // nobody should interrupt this thread; never let it spin
      LockSupport.parkNanos(this, n > 0 ? lingerNanos - (now - pendingSince) : IDLE_NANOS);
    }
  }

  private void fail(RuntimeException e, int n, String firstKey, long firstStep) {
    String what =
        n
            + " metric points of run "
            + runId
            + " (from '"
            + firstKey
            + "' at step "
            + firstStep
            + ") could not be logged, nor any logged after them: ";
    RuntimeException failure =
        e instanceof GalleyApiException api
            ? new GalleyApiException(api.httpStatus(), api.errorCode(), what + e.getMessage())
            : new GalleyUnreachableException(what + e.getMessage(), e);
    ring.fail(failure);
    synchronized (lock) {
      lock.notifyAll();
    }
  }
}
