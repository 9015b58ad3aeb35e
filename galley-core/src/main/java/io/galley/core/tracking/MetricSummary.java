package io.galley.core.tracking;

import static java.util.Objects.requireNonNull;

/**
 * A run-metric's last, min and max points, kept as each batch is written so that "best" can mean
 * the best value a run reached and not only its last one.
 */
public record MetricSummary(String key, Metric last, Metric min, Metric max) {
  public MetricSummary {
    requireNonNull(key, "key");
    requireNonNull(last, "last");
    requireNonNull(min, "min");
    requireNonNull(max, "max");
  }

  public Metric pick(MetricAggregate aggregate) {
    return switch (aggregate) {
      case LAST -> last;
      case MIN -> min;
      case MAX -> max;
    };
  }
}
