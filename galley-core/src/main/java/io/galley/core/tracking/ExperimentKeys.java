package io.galley.core.tracking;

import java.util.List;

/**
 * The metric and param keys an experiment's active runs use, each sorted and without repeats: the
 * columns of a runs table, known before its rows are read.
 */
public record ExperimentKeys(List<String> metricKeys, List<String> paramKeys) {
  public ExperimentKeys {
    metricKeys = List.copyOf(metricKeys);
    paramKeys = List.copyOf(paramKeys);
  }
}
