package io.galley.core.tracing;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Which of an experiment's traces to delete (MLflow's {@code DeleteTraces}): those with the given
 * ids, or those started at or before {@code maxTimestampMillis}, at most {@code maxTraces} of them,
 * oldest first.
 */
public record TraceDeletion(
    String experimentId,
    @Nullable Long maxTimestampMillis,
    @Nullable Integer maxTraces,
    List<String> requestIds) {
  public TraceDeletion {
    requireNonNull(experimentId, "experimentId");
    requestIds = List.copyOf(requestIds);
  }
}
