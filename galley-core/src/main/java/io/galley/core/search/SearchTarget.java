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
  EXPERIMENTS(Set.of("name", "experiment_id"), Set.of("creation_time", "last_update_time")),
  /**
   * Registered models: filters name {@code name} (and tags); order_by also takes the timestamps
   * ({@code timestamp} is {@code last_updated_timestamp}).
   */
  REGISTERED_MODELS(Set.of("name"), Set.of("creation_timestamp", "last_updated_timestamp")),
  /**
   * Model versions: filters name {@code name}, {@code run_id}, {@code source_path} and the numeric
   * {@code version_number} (and tags); order_by takes name, version_number and the timestamps.
   */
  MODEL_VERSIONS(
      Set.of("name", "run_id", "source_path"),
      Set.of("version_number", "creation_timestamp", "last_updated_timestamp"));

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
