package io.galley.core.tracking;

import static java.util.Objects.requireNonNull;

import io.galley.core.InvalidRequestException;
import io.galley.core.search.SearchFilter;

/**
 * Rank an experiment's active runs by one metric. {@code descending} puts the highest value first
 * (the default: "higher is better"). Runs without the metric are left out.
 */
public record LeaderboardQuery(
    String experimentId,
    String metricKey,
    MetricAggregate aggregate,
    boolean descending,
    int limit,
    SearchFilter filter) {

  public static final int MAX_LIMIT = 1000;

  public LeaderboardQuery {
    requireNonNull(experimentId, "experimentId");
    requireNonNull(metricKey, "metricKey");
    requireNonNull(aggregate, "aggregate");
    requireNonNull(filter, "filter");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidRequestException("n must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
  }
}
