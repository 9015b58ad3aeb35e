package io.galley.server.access;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password and token guessing from one address: after {@link #FREE_FAILURES} failed sign-ins
 * without a success between them, the address waits before its next attempt is even checked, a wait
 * that doubles with each further failure up to {@link #MAX_WAIT}. A success clears it. The map is
 * bounded: a flood of distinct addresses cannot grow it without limit.
 */
final class FailedSignIns {
  static final int FREE_FAILURES = 5;
  static final Duration FIRST_WAIT = Duration.ofSeconds(1);
  static final Duration MAX_WAIT = Duration.ofMinutes(5);
  private static final int MAX_ADDRESSES = 100_000;

  private record Record(int failures, Instant blockedUntil) {}

  private final Clock clock;
  private final Map<String, Record> byAddress = new ConcurrentHashMap<>();

  FailedSignIns(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
  }

  /** How long {@code address} must still wait before it may try again, if it must. */
  Optional<Duration> waitFor(String address) {
    Record r = byAddress.get(address);
    if (r == null) {
      return Optional.empty();
    }
    Duration left = Duration.between(clock.instant(), r.blockedUntil());
    return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
  }

  void failed(String address) {
    if (byAddress.size() >= MAX_ADDRESSES) {
      byAddress.clear();
    }
    byAddress.compute(
        address,
        (a, r) -> {
          int failures = r == null ? 1 : r.failures() + 1;
          Instant until = clock.instant();
          if (failures > FREE_FAILURES) {
            long doublings = Math.min(failures - FREE_FAILURES - 1, 20);
            Duration wait = FIRST_WAIT.multipliedBy(1L << doublings);
            until = until.plus(wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait);
          }
          return new Record(failures, until);
        });
  }

  void succeeded(String address) {
    byAddress.remove(address);
  }
}
