package io.galley.sdk.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * A bounded multi-producer, single-consumer ring of metric points in primitive arrays: the training
 * thread's whole cost of logging a point. A producer claims a sequence number with one atomic
 * increment, writes four array cells and publishes the slot with a release store: no lock, no
 * allocation. The sender reads published slots in sequence order and frees them once encoded. When
 * the ring is full the producer waits for the sender (back-pressure), so memory stays bounded at
 * {@code capacity} points, 36 bytes each.
 */
final class MetricRing {
  /** The sender is woken every this many points (+1), enough to fill a batch soon. */
  private static final int WAKE_MASK = 511;

  private final int mask;
  private final int capacity;
  final int[] keys;
  final double[] values;
  final long[] timestamps;
  final long[] steps;
  // published[slot] == seq + 1 once the point with sequence number seq is fully written there.
  private final AtomicLongArray published;
  private final AtomicLong claimed = new AtomicLong();
  private volatile long freed; // every seq < freed may be overwritten; written by the sender only
  private volatile @Nullable Thread consumer;
  private volatile @Nullable RuntimeException failure;
  private final Object space = new Object(); // producers wait on it when the ring is full
  private volatile int waiting; // producers waiting for space; written under the monitor

  MetricRing(int capacity) {
    if (capacity < 1024 || Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException(
          "metric buffer capacity must be a power of two >= 1024, got " + capacity);
    }
    this.capacity = capacity;
    this.mask = capacity - 1;
    keys = new int[capacity];
    values = new double[capacity];
    timestamps = new long[capacity];
    steps = new long[capacity];
    published = new AtomicLongArray(capacity);
  }

  void put(int key, double value, long timestamp, long step) {
    long seq = claimed.getAndIncrement();
    if (seq - freed >= capacity) {
      awaitSpace(seq);
    }
    int slot = (int) seq & mask;
    keys[slot] = key;
    values[slot] = value;
    timestamps[slot] = timestamp;
    steps[slot] = step;
    published.lazySet(slot, seq + 1);
    if ((seq & WAKE_MASK) == WAKE_MASK) {
      wakeConsumer();
    }
  }

  /**
   * Waits until the sender frees the slot: the slow path, so a monitor the sender notifies after
   * each batch, not a spin that would take the CPU the sender and server need. A claimed slot must
   * be published, so an interrupt does not end the wait (it is kept for the caller); only a failure
   * of the sender does.
   */
  private void awaitSpace(long seq) {
    boolean interrupted = false;
    synchronized (space) {
      waiting++;
      try {
        while (seq - freed >= capacity) {
          RuntimeException f = failure;
          if (f != null) {
            throw f;
          }
          wakeConsumer();
          try {
            space.wait(10); // bounded: a missed notify costs 10 ms, never a hang
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      } finally {
        waiting--;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** How many points from {@code from} on are published and contiguous, at most {@code max}. */
  int available(long from, int max) {
    int n = 0;
    while (n < max && published.get((int) (from + n) & mask) == from + n + 1) {
      n++;
    }
    return n;
  }

  int slot(long seq) {
    return (int) seq & mask;
  }

  /** The sender has copied every point below {@code seq}: producers may reuse their slots. */
  void free(long seq) {
    freed = seq;
    if (waiting > 0) {
      synchronized (space) {
        space.notifyAll();
      }
    }
  }

  /** Sequence numbers handed out so far: the points logged, published or about to be. */
  long claimed() {
    return claimed.get();
  }

  void consumer(Thread thread) {
    consumer = thread;
  }

  void wakeConsumer() {
    Thread t = consumer;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  /** The sender gave up: producers waiting for space, and every later call, throw this. */
  void fail(RuntimeException e) {
    failure = e;
    synchronized (space) {
      space.notifyAll();
    }
  }

  @Nullable RuntimeException failure() {
    return failure;
  }
}
