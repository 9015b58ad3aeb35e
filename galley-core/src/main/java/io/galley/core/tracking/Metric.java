package io.galley.core.tracking;

import static java.util.Objects.requireNonNull;

/**
 * One point of a metric's history. {@code value} may be NaN or ±Infinity, which are stored and
 * returned as such.
 */
public record Metric(String key, double value, long timestamp, long step) {
  public Metric {
    requireNonNull(key, "key");
  }

  /**
   * MLflow's order for "the latest" point of a history: the highest step, then the latest
   * timestamp, then the highest value (NaN above every number).
   */
  public boolean isAfter(Metric other) {
    if (step != other.step) {
      return step > other.step;
    }
    if (timestamp != other.timestamp) {
      return timestamp > other.timestamp;
    }
    return Double.compare(value, other.value) > 0;
  }
}
