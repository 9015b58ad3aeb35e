package io.galley.core.tracking;

import io.galley.core.search.OrderBy;
import io.galley.core.search.SearchFilter;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** An {@code experiments/search}. */
public record ExperimentQuery(
    SearchFilter filter,
    ViewType viewType,
    int maxResults,
    List<OrderBy> orderBy,
    @Nullable String pageToken) {

  public static final int DEFAULT_MAX_RESULTS = 1000;
  public static final int MAX_RESULTS_LIMIT = 50000;

  public ExperimentQuery {
    orderBy = List.copyOf(orderBy);
    TrackingLimits.validateMaxResults(maxResults, MAX_RESULTS_LIMIT);
  }
}
