package io.galley.core.tracking;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The port to the metadata store for tracking. Every method validates its input with {@link
 * TrackingLimits} and is atomic: it takes effect whole or not at all. {@code get*} methods throw
 * {@link io.galley.core.NotFoundException}; {@code find*} methods return empty.
 */
public interface TrackingStore {

  Experiment createExperiment(String name, @Nullable String artifactLocation, List<Tag> tags);

  Experiment getExperiment(String experimentId);

  Optional<Experiment> findExperimentByName(String name);

  Page<Experiment> searchExperiments(ExperimentQuery query);

  void renameExperiment(String experimentId, String newName);

  void deleteExperiment(String experimentId);

  void restoreExperiment(String experimentId);

  void setExperimentTag(String experimentId, Tag tag);

  void deleteExperimentTag(String experimentId, String key);

  Run createRun(NewRun run);

  Run getRun(String runId);

  RunInfo updateRun(String runId, RunUpdate update);

  void deleteRun(String runId);

  void restoreRun(String runId);

  /**
   * Logs metrics, params and tags in one transaction. A param already logged with another value
   * fails the whole batch; the same value again is accepted.
   */
  void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags);

  void deleteTag(String runId, String key);

  /**
   * Sets a run tag to {@code update} of its current value (empty when the run has none), reading
   * and writing it while holding the run's lock, so that concurrent updates of one tag take turns
   * and none is lost (MLflow's {@code record_logged_model} appends to {@code
   * mlflow.log-model.history} so). {@code update} may throw to refuse; its value is stored whole or
   * refused, never truncated. Returns the tag as stored.
   */
  Tag updateTag(String runId, String key, Function<Optional<String>, String> update);

  void logInputs(String runId, List<DatasetInput> inputs);

  Page<Run> searchRuns(RunQuery query);

  /** A metric's history ordered by step, then timestamp; paged when {@code maxResults} is set. */
  Page<Metric> getMetricHistory(
      String runId, String metricKey, int maxResults, @Nullable String pageToken);

  /** Last, min and max of every metric of a run. */
  List<MetricSummary> getMetricSummaries(String runId);

  List<LeaderboardEntry> leaderboard(LeaderboardQuery query);

  /**
   * Run counts and last activity of the given experiments, in one query. Ids that name no
   * experiment are left out; at most {@link #MAX_SUMMARY_IDS} ids.
   */
  List<ExperimentSummary> summarizeExperiments(List<String> experimentIds);

  /**
   * The metric and param keys of the experiment's active runs, at most {@link #MAX_EXPERIMENT_KEYS}
   * of each (the first in sorted order). Throws {@link io.galley.core.NotFoundException} for an
   * unknown experiment.
   */
  ExperimentKeys experimentKeys(String experimentId);

  /** The most metric keys, and the most param keys, one {@link #experimentKeys} call returns. */
  int MAX_EXPERIMENT_KEYS = 1000;

  /** How many experiments one {@link #summarizeExperiments} call may name. */
  int MAX_SUMMARY_IDS = 1000;
}
