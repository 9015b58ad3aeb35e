package io.galley.core.registry;

import static java.util.Objects.requireNonNull;

import io.galley.core.access.Viewer;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@code registered-models/search} or {@code model-versions/search}: MLflow's filter string
 * (parsed and validated by the store, whose errors name the bad token), order-by clauses, page size
 * and page token; with a {@code viewer}, only the models (and their versions) they may read.
 */
public record RegistrySearch(
    String filter,
    List<String> orderBy,
    int maxResults,
    @Nullable String pageToken,
    @Nullable Viewer viewer) {

  /** {@code registered-models/search}'s default and largest page size in MLflow. */
  public static final int MODELS_DEFAULT_MAX_RESULTS = 100;

  public static final int MODELS_MAX_RESULTS_LIMIT = 1000;

  /** {@code model-versions/search}'s default and largest page size in MLflow. */
  public static final int VERSIONS_DEFAULT_MAX_RESULTS = 10000;

  public static final int VERSIONS_MAX_RESULTS_LIMIT = 200000;

  public RegistrySearch {
    requireNonNull(filter, "filter");
    orderBy = List.copyOf(orderBy);
  }

  public RegistrySearch(
      String filter, List<String> orderBy, int maxResults, @Nullable String pageToken) {
    this(filter, orderBy, maxResults, pageToken, null);
  }

  /** The same search, for what {@code viewer} may read. */
  public RegistrySearch readBy(@Nullable Viewer viewer) {
    return new RegistrySearch(filter, orderBy, maxResults, pageToken, viewer);
  }
}
