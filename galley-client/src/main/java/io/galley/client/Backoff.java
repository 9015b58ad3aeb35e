package io.galley.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter until a deadline: 100 ms, 200 ms, … capped at 5 s, each ±20% so
 * that many clients cut off by one outage do not all come back in the same millisecond.
 */
final class Backoff {
  private static final long FIRST_MILLIS = 100;
  private static final long MAX_MILLIS = 5_000;

  private final long deadlineNanos;
  private long nextMillis = FIRST_MILLIS;
  private int attempts;

  public Backoff(Duration budget) {
    this.deadlineNanos = System.nanoTime() + budget.toNanos();
  }

  /**
   * Sleeps before the next attempt (the last sleep is cut short to end at the deadline, so there is
   * always one attempt at the deadline); false, without sleeping, once the budget is spent.
   *
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public boolean pause() throws InterruptedException {
    long jittered =
        (long) (nextMillis * ThreadLocalRandom.current().nextDouble(0.8, 1.2)) + 1; // never 0
    long remainingMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
    if (remainingMillis <= 0) {
      return false;
    }
    Thread.sleep(Math.min(jittered, remainingMillis));
    nextMillis = Math.min(nextMillis * 2, MAX_MILLIS);
    attempts++;
    return true;
  }

  /** How many retries were made. */
  public int attempts() {
    return attempts;
  }
}
