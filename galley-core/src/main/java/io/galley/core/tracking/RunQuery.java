package io.galley.core.tracking;

import io.galley.core.search.OrderBy;
import io.galley.core.search.SearchFilter;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A {@code runs/search}: which experiments, which runs, in what order, which page. */
public record RunQuery(
    List<String> experimentIds,
    SearchFilter filter,
    ViewType viewType,
    int maxResults,
    List<OrderBy> orderBy,
    @Nullable String pageToken) {

  public static final int DEFAULT_MAX_RESULTS = 1000;
  public static final int MAX_RESULTS_LIMIT = 50000;

  public RunQuery {
    experimentIds = List.copyOf(experimentIds);
    orderBy = List.copyOf(orderBy);
    TrackingLimits.validateMaxResults(maxResults, MAX_RESULTS_LIMIT);
  }
}
