package io.galley.server.mlflow;

import static io.galley.server.mlflow.ExperimentRoutes.emptyToNull;

import io.galley.client.mlflow.MetricHistoryBulkResponseJson;
import io.galley.client.mlflow.MetricHistoryResponseJson;
import io.galley.client.mlflow.MetricWithRunIdJson;
import io.galley.core.InvalidRequestException;
import io.galley.core.access.Permission;
import io.galley.core.tracking.Metric;
import io.galley.core.tracking.Page;
import io.galley.core.tracking.TrackingStore;
import io.galley.server.access.Caller;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** {@code metrics/get-history} and {@code metrics/get-history-bulk-interval}. */
final class MetricRoutes {
  /** MLflow's {@code MAX_RUNS_GET_METRIC_HISTORY_BULK}. */
  static final int MAX_RUNS_PER_BULK_REQUEST = 100;

  /** MLflow's {@code MAX_RESULTS_PER_RUN} for the bulk-interval endpoint. */
  static final int MAX_RESULTS_PER_RUN = 2500;

  /** Page size used to read a whole history when the client asked for no paging. */
  private static final int READ_ALL_PAGE_SIZE = 25_000;

  private final TrackingStore store;

  MetricRoutes(TrackingStore store) {
    this.store = store;
  }

  void mount(Endpoints e) {
    e.get("metrics/get-history", Rule.run(Permission.READ), this::history);
    e.get("metrics/get-history-bulk-interval", Rule.SIGNED_IN, this::bulkInterval);
  }

  /** Without {@code max_results} MLflow returns the whole history in one response. */
  private Object history(RequestFields in, Caller caller) {
    String runId = in.runId();
    String key = in.requiredString("metric_key");
    Integer max = in.int32("max_results");
    String pageToken = emptyToNull(in.string("page_token"));
    if (max == null) {
      return MetricHistoryResponseJson.of(new Page<>(readAll(runId, key), null));
    }
    if (max < 1) {
      throw new InvalidRequestException(
          "Invalid value " + max + " for parameter 'max_results' supplied. It must be positive");
    }
    return MetricHistoryResponseJson.of(store.getMetricHistory(runId, key, max, pageToken));
  }

  /**
   * Per run, the points whose step lies in {@code [start_step, end_step]}, on at most {@code
   * max_results} steps sampled evenly over the steps of all the runs (first and last kept), as
   * MLflow's store does. Ordered by run id, then step, then timestamp.
   */
  private Object bulkInterval(RequestFields in, Caller caller) {
    List<String> runIds = in.strings("run_ids");
    if (runIds.isEmpty()) {
      throw in.missing("run_ids");
    }
    if (runIds.size() > MAX_RUNS_PER_BULK_REQUEST) {
      throw new InvalidRequestException(
          "GetMetricHistoryBulkInterval request must specify at most "
              + MAX_RUNS_PER_BULK_REQUEST
              + " run_ids. Received "
              + runIds.size()
              + " run_ids.");
    }
    runIds.forEach(runId -> caller.requireRun(runId, Permission.READ));
    String key = in.requiredString("metric_key");
    Integer startStep = in.int32("start_step");
    Integer endStep = in.int32("end_step");
    Integer maxResults = in.int32("max_results");
    int max = maxResults == null ? MAX_RESULTS_PER_RUN : maxResults;
    if (max < 1 || max > MAX_RESULTS_PER_RUN) {
      throw new InvalidRequestException(
          "max_results must be between 1 and " + MAX_RESULTS_PER_RUN + ".");
    }
    if ((startStep == null) != (endStep == null)) {
      throw new InvalidRequestException(
          "If either start step or end step are specified, both must be specified.");
    }
    if (startStep != null && startStep > endStep) {
      throw new InvalidRequestException(
          "end_step must be greater than start_step. Found start_step="
              + startStep
              + " and end_step="
              + endStep
              + ".");
    }
    Map<String, List<Metric>> histories = new TreeMap<>();
    TreeSet<Long> steps = new TreeSet<>();
    for (String runId : new TreeSet<>(runIds)) {
      List<Metric> history = new ArrayList<>();
      for (Metric m : readAll(runId, key)) {
        if (startStep == null || (m.step() >= startStep && m.step() <= endStep)) {
          history.add(m);
          steps.add(m.step());
        }
      }
      history.sort(Comparator.comparingLong(Metric::step).thenComparingLong(Metric::timestamp));
      histories.put(runId, history);
    }
    TreeSet<Long> sampled = sample(new ArrayList<>(steps), max);
    List<MetricWithRunIdJson> out = new ArrayList<>();
    histories.forEach(
        (runId, history) ->
            history.stream()
                .filter(m -> sampled.contains(m.step()))
                .forEach(m -> out.add(MetricWithRunIdJson.of(m, runId))));
    return MetricHistoryBulkResponseJson.of(out);
  }

  /** At most {@code max} of the sorted steps, evenly spaced, the first and last included. */
  static TreeSet<Long> sample(List<Long> steps, int max) {
    if (steps.size() <= max) {
      return new TreeSet<>(steps);
    }
    TreeSet<Long> out = new TreeSet<>();
    if (max == 1) {
      out.add(steps.get(0));
      return out;
    }
    double interval = (steps.size() - 1) / (double) (max - 1);
    for (int i = 0; i < max; i++) {
      out.add(steps.get((int) Math.round(i * interval)));
    }
    return out;
  }

  private List<Metric> readAll(String runId, String key) {
    List<Metric> all = new ArrayList<>();
    @Nullable String token = null;
    do {
      Page<Metric> page = store.getMetricHistory(runId, key, READ_ALL_PAGE_SIZE, token);
      all.addAll(page.items());
      token = emptyToNull(page.nextPageToken());
    } while (token != null);
    return all;
  }
}
