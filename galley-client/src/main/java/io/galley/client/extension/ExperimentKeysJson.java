package io.galley.client.extension;

import io.galley.core.tracking.ExperimentKeys;
import java.util.List;

/**
 * The response of {@code GET /api/2.0/galley/experiments/keys}: the metric and param keys of an
 * experiment's active runs, sorted; both lists are written even when empty.
 */
public record ExperimentKeysJson(List<String> metricKeys, List<String> paramKeys) {
  public ExperimentKeysJson {
    metricKeys = metricKeys == null ? List.of() : List.copyOf(metricKeys);
    paramKeys = paramKeys == null ? List.of() : List.copyOf(paramKeys);
  }

  public static ExperimentKeysJson of(ExperimentKeys keys) {
    return new ExperimentKeysJson(keys.metricKeys(), keys.paramKeys());
  }
}
