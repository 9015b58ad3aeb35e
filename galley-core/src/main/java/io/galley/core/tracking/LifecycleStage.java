package io.galley.core.tracking;

import io.galley.core.InvalidRequestException;
import java.util.Locale;

/** Whether an experiment or run is live or soft-deleted (and so restorable). */
public enum LifecycleStage {
  ACTIVE,
  DELETED;

  /** The wire form, as MLflow writes it: {@code active} / {@code deleted}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static LifecycleStage fromWire(String value) {
    for (LifecycleStage s : values()) {
      if (s.wireName().equals(value)) {
        return s;
      }
    }
    throw new InvalidRequestException("Invalid lifecycle stage '" + value + "'");
  }
}
