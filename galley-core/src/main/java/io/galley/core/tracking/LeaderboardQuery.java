package io.galley.core.tracking;

import static java.util.Objects.requireNonNull;

import io.galley.core.InvalidRequestException;
import io.galley.core.search.SearchFilter;

/**
 * Rank an experiment's active runs by one metric. {@code descending} puts the highest value first
 * (the default: "higher is better"). Runs without the metric are left out.
 *
 * <p>Runs that tie on the ranked value are ranked as {@code runs/search} orders them: by start
 * time, the later first, then by run id, so that a ranking is the same on every call and a runs
 * table sorted on the metric lists ties in the same order. {@code fromBottom} reads the same
 * ranking from its last row up (the worst runs, worst first): its first entry is the last row of
 * the ranking, ties included. Runs whose value is NaN are not ranked against the others and come
 * last from either end.
 */
public record LeaderboardQuery(
    String experimentId,
    String metricKey,
    MetricAggregate aggregate,
    boolean descending,
    boolean fromBottom,
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

  /** The ranking read from its top (the best runs first). */
  public LeaderboardQuery(
      String experimentId,
      String metricKey,
      MetricAggregate aggregate,
      boolean descending,
      int limit,
      SearchFilter filter) {
    this(experimentId, metricKey, aggregate, descending, false, limit, filter);
  }
}
