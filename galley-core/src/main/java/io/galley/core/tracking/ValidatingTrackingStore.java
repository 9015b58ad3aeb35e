package io.galley.core.tracking;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * {@link TrackingLimits} in front of any {@link TrackingStore}: every value a caller passes is
 * checked here before an adapter sees it, so a second adapter cannot forget a rule. Adapters keep
 * only the checks that need their state (a run name taken from a tag, an id they parse).
 */
public final class ValidatingTrackingStore implements TrackingStore {
  private final TrackingStore store;

  private ValidatingTrackingStore(TrackingStore store) {
    this.store = requireNonNull(store, "store");
  }

  /** {@code store} behind the limits; a store already behind them is returned as it is. */
  public static TrackingStore of(TrackingStore store) {
    return store instanceof ValidatingTrackingStore ? store : new ValidatingTrackingStore(store);
  }

  @Override
  public Experiment createExperiment(
      String name, @Nullable String artifactLocation, List<Tag> tags) {
    TrackingLimits.validateExperimentName(name);
    TrackingLimits.validateArtifactLocation(artifactLocation);
    tags.forEach(TrackingLimits::validateExperimentTag);
    return store.createExperiment(name, artifactLocation, tags);
  }

  @Override
  public Experiment getExperiment(String experimentId) {
    return store.getExperiment(experimentId);
  }

  @Override
  public Optional<Experiment> findExperimentByName(String name) {
    return store.findExperimentByName(name);
  }

  @Override
  public Page<Experiment> searchExperiments(ExperimentQuery query) {
    return store.searchExperiments(query);
  }

  @Override
  public void renameExperiment(String experimentId, String newName) {
    TrackingLimits.validateExperimentName(newName);
    store.renameExperiment(experimentId, newName);
  }

  @Override
  public void deleteExperiment(String experimentId) {
    store.deleteExperiment(experimentId);
  }

  @Override
  public void restoreExperiment(String experimentId) {
    store.restoreExperiment(experimentId);
  }

  @Override
  public void setExperimentTag(String experimentId, Tag tag) {
    TrackingLimits.validateExperimentTag(tag);
    store.setExperimentTag(experimentId, tag);
  }

  @Override
  public void deleteExperimentTag(String experimentId, String key) {
    store.deleteExperimentTag(experimentId, key);
  }

  @Override
  public Run createRun(NewRun run) {
    TrackingLimits.validateExperimentId(run.experimentId());
    TrackingLimits.validateRunName(run.runName());
    // MLflow's SQL store does not check create-run's tags; its column refuses a value too long.
    run.tags().forEach(TrackingLimits::validateWholeTag);
    return store.createRun(run);
  }

  @Override
  public Run getRun(String runId) {
    TrackingLimits.validateRunId(runId);
    return store.getRun(runId);
  }

  @Override
  public RunInfo updateRun(String runId, RunUpdate update) {
    TrackingLimits.validateRunId(runId);
    TrackingLimits.validateRunName(update.runName());
    return store.updateRun(runId, update);
  }

  @Override
  public void deleteRun(String runId) {
    TrackingLimits.validateRunId(runId);
    store.deleteRun(runId);
  }

  @Override
  public void restoreRun(String runId) {
    TrackingLimits.validateRunId(runId);
    store.restoreRun(runId);
  }

  @Override
  public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
    TrackingLimits.validateRunId(runId);
    // The adapter stores the params and tags as MLflow's server would: long values truncated.
    TrackingLimits.Batch stored = TrackingLimits.validateBatch(metrics, params, tags);
    store.logBatch(runId, metrics, stored.params(), stored.tags());
  }

  @Override
  public Tag updateTag(String runId, String key, Function<Optional<String>, String> update) {
    TrackingLimits.validateRunId(runId);
    TrackingLimits.validateWholeTag(new Tag(key, ""));
    return store.updateTag(
        runId,
        key,
        current -> {
          String value = update.apply(current);
          TrackingLimits.validateWholeTag(new Tag(key, value));
          return value;
        });
  }

  @Override
  public void deleteTag(String runId, String key) {
    TrackingLimits.validateRunId(runId);
    store.deleteTag(runId, key);
  }

  @Override
  public void logInputs(String runId, List<DatasetInput> inputs) {
    TrackingLimits.validateRunId(runId);
    TrackingLimits.validateDatasetCount(inputs.size());
    inputs.forEach(TrackingLimits::validateDatasetInput);
    store.logInputs(runId, inputs);
  }

  @Override
  public Page<Run> searchRuns(RunQuery query) {
    // The ids are checked as the adapter parses them, after the page token, as MLflow does; only
    // their count is bounded here, so that a huge list never reaches the SQL.
    TrackingLimits.validateExperimentIdCount(query.experimentIds().size());
    return store.searchRuns(query);
  }

  @Override
  public Page<Metric> getMetricHistory(
      String runId, String metricKey, int maxResults, @Nullable String pageToken) {
    TrackingLimits.validateRunId(runId);
    return store.getMetricHistory(runId, metricKey, maxResults, pageToken);
  }

  @Override
  public List<MetricSummary> getMetricSummaries(String runId) {
    TrackingLimits.validateRunId(runId);
    return store.getMetricSummaries(runId);
  }

  @Override
  public List<LeaderboardEntry> leaderboard(LeaderboardQuery query) {
    return store.leaderboard(query);
  }

  @Override
  public List<ExperimentSummary> summarizeExperiments(List<String> experimentIds) {
    return store.summarizeExperiments(experimentIds);
  }

  @Override
  public ExperimentKeys experimentKeys(String experimentId) {
    return store.experimentKeys(experimentId);
  }
}
