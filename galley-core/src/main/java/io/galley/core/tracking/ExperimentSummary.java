package io.galley.core.tracking;

import static java.util.Objects.requireNonNull;

/**
 * What a listing of experiments shows beside each name: how many active runs it holds and when it
 * last saw activity (milliseconds since the epoch: the latest of the experiment's own update time
 * and its active runs' start and end times).
 */
public record ExperimentSummary(String experimentId, long activeRuns, long lastActivity) {
  public ExperimentSummary {
    requireNonNull(experimentId, "experimentId");
    if (activeRuns < 0) {
      throw new IllegalArgumentException("activeRuns must not be negative: " + activeRuns);
    }
  }
}
