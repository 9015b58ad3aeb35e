package io.galley.core.diff;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One metric's last value in both runs (MLflow's "latest": the highest step, then the latest time).
 *
 * @param incidental true for {@code system/*} metrics (machine load), which differ between any two
 *     runs
 */
public record MetricDiff(
    String key, Change change, @Nullable Double a, @Nullable Double b, boolean incidental) {

  public MetricDiff {
    requireNonNull(key, "key");
    requireNonNull(change, "change");
  }

  static MetricDiff of(String key, @Nullable Double a, @Nullable Double b, boolean incidental) {
    // Double.compare: NaN equals NaN, so a run that diverged to NaN twice is the same twice.
    boolean equal = a != null && b != null && Double.compare(a, b) == 0;
    return new MetricDiff(key, Change.of(a, b, equal), a, b, incidental);
  }

  /** {@code b - a}; null unless both runs have the metric. */
  public @Nullable Double delta() {
    return a == null || b == null ? null : b - a;
  }

  public boolean matters() {
    return change != Change.SAME && !incidental;
  }
}
