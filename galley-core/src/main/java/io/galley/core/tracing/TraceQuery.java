package io.galley.core.tracing;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A trace search (MLflow's {@code SearchTraces}): traces of these experiments that match every
 * condition, in this order and then MLflow's ({@code timestamp_ms DESC}, then {@code request_id}),
 * one page of at most {@code maxResults}.
 */
public record TraceQuery(
    List<String> experimentIds,
    List<TraceCondition> filter,
    List<TraceOrder> orderBy,
    int maxResults,
    @Nullable String pageToken) {
  /** SEARCH_TRACES_DEFAULT_MAX_RESULTS in MLflow 2.17's client and proto. */
  public static final int DEFAULT_MAX_RESULTS = 100;

  /** What MLflow 2.17's server accepts at most ({@code _search_traces}). */
  public static final int MAX_RESULTS = 500;

  public TraceQuery {
    experimentIds = List.copyOf(experimentIds);
    filter = List.copyOf(filter);
    orderBy = List.copyOf(orderBy);
  }
}
