package io.galley.core.tracing;

import static java.util.Objects.requireNonNull;

import io.galley.core.InvalidRequestException;
import io.galley.core.blob.Digest;
import io.galley.core.tracking.Page;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@link TraceLimits} and MLflow's request rules in front of any {@link TraceStore}, so that an
 * adapter sees only values its tables hold: a request id that cannot exist is not found before any
 * query, an oversized tag is a 400 naming it.
 */
public final class ValidatingTraceStore implements TraceStore {
  private final TraceStore store;

  private ValidatingTraceStore(TraceStore store) {
    this.store = requireNonNull(store, "store");
  }

  /** {@code store} behind the limits; a store already behind them is returned as it is. */
  public static TraceStore of(TraceStore store) {
    return store instanceof ValidatingTraceStore ? store : new ValidatingTraceStore(store);
  }

  @Override
  public TraceInfo startTrace(NewTrace trace) {
    requireExperimentId(trace.experimentId());
    TraceLimits.validateTimestamp("timestamp_ms", trace.timestampMs());
    TraceLimits.validateEntries("request_metadata", trace.requestMetadata());
    TraceLimits.validateEntries("tags", trace.tags());
    return store.startTrace(trace);
  }

  @Override
  public TraceInfo endTrace(TraceEnd end) {
    existing(end.requestId());
    TraceLimits.validateTimestamp("timestamp_ms", end.timestampMs());
    TraceLimits.validateEntries("request_metadata", end.requestMetadata());
    TraceLimits.validateEntries("tags", end.tags());
    return store.endTrace(end);
  }

  @Override
  public Optional<TraceInfo> findTraceInfo(String requestId) {
    return TraceLimits.isPossibleRequestId(requestId)
        ? store.findTraceInfo(requestId)
        : Optional.empty();
  }

  @Override
  public Page<TraceInfo> searchTraces(TraceQuery query) {
    if (query.experimentIds().isEmpty()) {
      throw new InvalidRequestException(
          "Missing value for required parameter 'experiment_ids'. See the API docs for more"
              + " information about request parameters.");
    }
    if (query.experimentIds().size() > TraceLimits.MAX_IDS) {
      throw new InvalidRequestException(
          "Too many experiment_ids: at most " + TraceLimits.MAX_IDS + " per search");
    }
    query.experimentIds().forEach(ValidatingTraceStore::requireExperimentId);
    if (query.maxResults() < 1 || query.maxResults() > TraceQuery.MAX_RESULTS) {
      throw new InvalidRequestException(
          "Invalid value "
              + query.maxResults()
              + " for parameter 'max_results' supplied. It must be a positive integer at most "
              + TraceQuery.MAX_RESULTS
              + ".");
    }
    return store.searchTraces(query);
  }

  /** MLflow's client rules for {@code delete_traces}, checked here for every caller. */
  @Override
  public int deleteTraces(TraceDeletion deletion) {
    requireExperimentId(deletion.experimentId());
    boolean byIds = !deletion.requestIds().isEmpty();
    if (deletion.maxTimestampMillis() == null && !byIds) {
      throw new InvalidRequestException(
          "Either `max_timestamp_millis` or `request_ids` must be specified.");
    }
    if (deletion.maxTimestampMillis() != null && byIds) {
      throw new InvalidRequestException(
          "Only one of `max_timestamp_millis` and `request_ids` can be specified.");
    }
    if (byIds && deletion.maxTraces() != null) {
      throw new InvalidRequestException(
          "`max_traces` can't be specified if `request_ids` is specified.");
    }
    if (deletion.maxTraces() != null && deletion.maxTraces() < 1) {
      throw new InvalidRequestException(
          "Invalid value "
              + deletion.maxTraces()
              + " for parameter 'max_traces': it must be"
              + " a positive integer.");
    }
    if (deletion.requestIds().size() > TraceLimits.MAX_IDS) {
      throw new InvalidRequestException(
          "Too many request_ids: at most " + TraceLimits.MAX_IDS + " per deletion");
    }
    TraceDeletion possible =
        new TraceDeletion(
            deletion.experimentId(),
            deletion.maxTimestampMillis(),
            deletion.maxTraces(),
            deletion.requestIds().stream().filter(TraceLimits::isPossibleRequestId).toList());
    if (byIds && possible.requestIds().isEmpty()) {
      return 0;
    }
    return store.deleteTraces(possible);
  }

  @Override
  public void setTraceTag(String requestId, String key, String value) {
    existing(requestId);
    TraceLimits.validateEntry("tag", key, value);
    store.setTraceTag(requestId, key, value);
  }

  @Override
  public void deleteTraceTag(String requestId, String key) {
    existing(requestId);
    store.deleteTraceTag(requestId, key);
  }

  @Override
  public void setTraceData(String requestId, TraceData data) {
    existing(requestId);
    store.setTraceData(requestId, data);
  }

  @Override
  public Optional<TraceData> findTraceData(String requestId) {
    return TraceLimits.isPossibleRequestId(requestId)
        ? store.findTraceData(requestId)
        : Optional.empty();
  }

  @Override
  public void forEachReferencedDigest(Consumer<Digest> action) {
    store.forEachReferencedDigest(requireNonNull(action, "action"));
  }

  private static void existing(String requestId) {
    if (!TraceLimits.isPossibleRequestId(requestId)) {
      throw TraceStore.notFound(
          requestId.length() > 60 ? requestId.substring(0, 60) + "..." : requestId);
    }
  }

  private static void requireExperimentId(String experimentId) {
    if (experimentId.isEmpty()) {
      throw new InvalidRequestException(
          "Missing value for required parameter 'experiment_id'. See the API docs for more"
              + " information about request parameters.");
    }
  }
}
