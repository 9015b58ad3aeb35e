package io.galley.core.tracking;

import io.galley.core.InvalidRequestException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Which of a run-metric's values ranks the run: its last, its lowest or its highest. */
public enum MetricAggregate {
  LAST,
  MIN,
  MAX;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static MetricAggregate parse(@Nullable String value) {
    if (value == null || value.isEmpty()) {
      return LAST;
    }
    for (MetricAggregate a : values()) {
      if (a.wireName().equalsIgnoreCase(value)) {
        return a;
      }
    }
    throw new InvalidRequestException("Invalid agg '" + value + "': use last, min or max");
  }
}
