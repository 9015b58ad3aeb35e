package io.galley.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How much of the metadata store one request may take. Every statement stops after {@code
 * statementTimeout} (zero: never); searches, the one kind of call whose cost the caller's filter
 * decides, hold at most {@code maxConcurrentSearches} of the pool's {@code poolSize} connections,
 * so that the rest stay free for the cheap calls (a run's metrics, its status, a login) while heavy
 * searches queue. A search that finds no free share within {@code searchWait} is refused with
 * TEMPORARILY_UNAVAILABLE, which MLflow's clients retry.
 */
public record QueryLimits(
    Duration statementTimeout, int poolSize, int maxConcurrentSearches, Duration searchWait) {

  /** 30 s statements; 10 connections, of which searches take at most 6; 5 s of queueing. */
  public static final QueryLimits DEFAULT =
      new QueryLimits(Duration.ofSeconds(30), 10, 6, Duration.ofSeconds(5));

  public QueryLimits {
    requireNonNull(statementTimeout, "statementTimeout");
    requireNonNull(searchWait, "searchWait");
    if (statementTimeout.isNegative() || searchWait.isNegative()) {
      throw new IllegalArgumentException("Timeouts cannot be negative");
    }
    if (poolSize < 2 || maxConcurrentSearches < 1 || maxConcurrentSearches >= poolSize) {
      throw new IllegalArgumentException(
          "Searches must leave at least one of the pool's connections free: "
              + maxConcurrentSearches
              + " of "
              + poolSize);
    }
  }

  public QueryLimits withStatementTimeout(Duration timeout) {
    return new QueryLimits(timeout, poolSize, maxConcurrentSearches, searchWait);
  }

  public QueryLimits withSearches(int maxConcurrent, Duration wait) {
    return new QueryLimits(statementTimeout, poolSize, maxConcurrent, wait);
  }
}
