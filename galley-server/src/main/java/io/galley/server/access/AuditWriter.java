package io.galley.server.access;

import static java.util.Objects.requireNonNull;

import io.galley.core.access.AuditEvent;
import io.galley.core.access.AuditLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes audit events off the request's thread, in batches: a change is answered without waiting
 * for its audit row's commit. When the queue is full the request writes its own row (so nothing is
 * dropped under load); {@link #flush} waits for what is queued, as a read of the log does, and
 * {@link #close} writes the rest at shutdown.
 */
final class AuditWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditWriter.class);
  private static final int QUEUE = 10_000;
  private static final int BATCH = 500;
  private static final Duration LINGER = Duration.ofMillis(50);

  private final AuditLog log;
  private final BlockingQueue<AuditEvent> queue = new ArrayBlockingQueue<>(QUEUE);
  private final AtomicLong pending = new AtomicLong();
  private final Object written = new Object();
  private final Thread thread;
  private volatile boolean closed;

  AuditWriter(AuditLog log) {
    this.log = requireNonNull(log, "log");
    this.thread = new Thread(this::run, "galley-audit-writer");
    thread.setDaemon(true);
    thread.start();
  }

  void submit(AuditEvent event) {
    pending.incrementAndGet();
    if (closed || !queue.offer(event)) {
      write(List.of(event));
    }
  }

  /** Waits (up to {@code timeout}) until every event submitted so far is stored. */
  void flush(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (written) {
      while (pending.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(written, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void run() {
    List<AuditEvent> batch = new ArrayList<>(BATCH);
    while (!closed || !queue.isEmpty()) {
      try {
        AuditEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        // A moment for more to come: one commit for many changes, not one each, so that the
        // audit rows do not contend with the changes themselves for the store.
        long until = System.nanoTime() + LINGER.toNanos();
        while (batch.size() < BATCH) {
          long left = until - System.nanoTime();
          AuditEvent next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
          if (next == null) {
            break;
          }
          batch.add(next);
          queue.drainTo(batch, BATCH - batch.size());
        }
        write(batch);
      } catch (InterruptedException e) {
        closed = true;
      } finally {
        batch.clear();
      }
    }
  }

  private void write(List<AuditEvent> events) {
    try {
      log.recordAll(events);
    } catch (RuntimeException e) {
      // The changes are made and answered; a lost audit row must not turn them into errors.
      LOG.warn("Could not record {} audit event(s): {}", events.size(), e.toString());
    } finally {
      pending.addAndGet(-events.size());
      synchronized (written) {
        written.notifyAll();
      }
    }
  }

  @Override
  public void close() {
    flush(Duration.ofSeconds(10));
    closed = true;
    try {
      thread.join(Duration.ofSeconds(5).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
