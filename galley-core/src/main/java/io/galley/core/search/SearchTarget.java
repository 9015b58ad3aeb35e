package io.galley.core.search;

import java.util.Set;

/**
 * What a filter searches, which fixes the attribute keys it may name. Keys are canonical: the
 * parser maps MLflow's aliases onto them.
 */
public enum SearchTarget {
  /** Runs: string attributes and the numeric {@code start_time} / {@code end_time}. */
  RUNS(
      Set.of("run_id", "run_name", "status", "user_id", "artifact_uri", "lifecycle_stage"),
      Set.of("start_time", "end_time")),
  /** Experiments: {@code name} plus the numeric creation and update times. */
  EXPERIMENTS(Set.of("name", "experiment_id"), Set.of("creation_time", "last_update_time"));

  private final Set<String> textAttributes;
  private final Set<String> numericAttributes;

  SearchTarget(Set<String> textAttributes, Set<String> numericAttributes) {
    this.textAttributes = textAttributes;
    this.numericAttributes = numericAttributes;
  }

  public Set<String> textAttributes() {
    return textAttributes;
  }

  public Set<String> numericAttributes() {
    return numericAttributes;
  }
}
