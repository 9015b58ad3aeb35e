package io.galley.store.tracking.internal;

import io.galley.core.tracking.Metric;
import io.galley.core.tracking.MetricSummary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Folds metric points into a run-metric's summary: the latest point (MLflow's order, {@link
 * Metric#isAfter}) and the lowest and highest values. NaN takes part in "latest" but not in min or
 * max unless every point is NaN. Equal values keep the earlier point (lower step, then timestamp),
 * so the result does not depend on the order points arrive in.
 */
final class MetricRollup {
  private MetricRollup() {}

  /** One summary per key for a batch, in first-seen key order. */
  static Map<String, MetricSummary> of(List<Metric> points) {
    Map<String, MetricSummary> byKey = new LinkedHashMap<>();
    for (Metric m : points) {
      byKey.merge(m.key(), new MetricSummary(m.key(), m, m, m), MetricRollup::merge);
    }
    return byKey;
  }

  static MetricSummary merge(MetricSummary a, MetricSummary b) {
    Metric last = b.last().isAfter(a.last()) ? b.last() : a.last();
    return new MetricSummary(
        a.key(), last, pick(a.min(), b.min(), true), pick(a.max(), b.max(), false));
  }

  private static Metric pick(Metric a, Metric b, boolean lowest) {
    boolean aNan = Double.isNaN(a.value());
    boolean bNan = Double.isNaN(b.value());
    if (aNan != bNan) {
      return aNan ? b : a;
    }
    int cmp = Double.compare(a.value(), b.value());
    if (cmp != 0) {
      return (cmp < 0) == lowest ? a : b;
    }
    return earlier(a, b);
  }

  private static Metric earlier(Metric a, Metric b) {
    if (a.step() != b.step()) {
      return a.step() < b.step() ? a : b;
    }
    return a.timestamp() <= b.timestamp() ? a : b;
  }

  static boolean allNan(MetricSummary s) {
    return Double.isNaN(s.min().value());
  }

  static @Nullable MetricSummary mergeNullable(@Nullable MetricSummary a, MetricSummary b) {
    return a == null ? b : merge(a, b);
  }
}
