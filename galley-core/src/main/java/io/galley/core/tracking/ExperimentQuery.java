package io.galley.core.tracking;

import io.galley.core.access.Viewer;
import io.galley.core.search.OrderBy;
import io.galley.core.search.SearchFilter;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An {@code experiments/search}; with a {@code viewer}, only the experiments they may read (null:
 * every experiment).
 */
public record ExperimentQuery(
    SearchFilter filter,
    ViewType viewType,
    int maxResults,
    List<OrderBy> orderBy,
    @Nullable String pageToken,
    @Nullable Viewer viewer) {

  public static final int DEFAULT_MAX_RESULTS = 1000;
  public static final int MAX_RESULTS_LIMIT = 50000;

  public ExperimentQuery {
    orderBy = List.copyOf(orderBy);
    TrackingLimits.validateMaxResults(maxResults, MAX_RESULTS_LIMIT);
  }

  public ExperimentQuery(
      SearchFilter filter,
      ViewType viewType,
      int maxResults,
      List<OrderBy> orderBy,
      @Nullable String pageToken) {
    this(filter, viewType, maxResults, orderBy, pageToken, null);
  }

  /** The same search, for what {@code viewer} may read. */
  public ExperimentQuery readBy(@Nullable Viewer viewer) {
    return new ExperimentQuery(filter, viewType, maxResults, orderBy, pageToken, viewer);
  }
}
