package io.galley.store.tracking.internal;

import io.galley.core.tracking.Metric;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Reads a metric's history from its {@code metric_chunks}: every chunk of (run, key) through the
 * primary key's prefix, decoded, ordered by step, timestamp and value, with repeated points dropped
 * (MLflow stores a point logged twice once; here the copy is dropped when read).
 */
final class MetricHistory {
  /** MLflow's history order; NaN sorts above every number, as on PostgreSQL. */
  static final Comparator<Metric> ORDER =
      (a, b) -> {
        int c = Long.compare(a.step(), b.step());
        if (c == 0) {
          c = Long.compare(a.timestamp(), b.timestamp());
        }
        return c != 0 ? c : Double.compare(a.value(), b.value());
      };

  private MetricHistory() {}

  static List<Metric> read(Handle h, String runId, String key) {
    List<Metric> points = new ArrayList<>();
    h.createQuery("SELECT points FROM metric_chunks WHERE run_uuid = ? AND metric_key = ?")
        .bind(0, runId)
        .bind(1, key)
        .map((rs, ctx) -> rs.getBytes(1))
        .forEach(packed -> PackedPoints.decode(key, packed, points));
    return sortedDistinct(points);
  }

  /** Sorts in place (linear when the chunks came in step order) and drops exact repeats. */
  static List<Metric> sortedDistinct(List<Metric> points) {
    points.sort(ORDER);
    int kept = 0;
    for (int i = 0; i < points.size(); i++) {
      Metric m = points.get(i);
      if (kept == 0 || ORDER.compare(points.get(kept - 1), m) != 0) {
        points.set(kept++, m);
      }
    }
    return kept == points.size() ? points : new ArrayList<>(points.subList(0, kept));
  }
}
