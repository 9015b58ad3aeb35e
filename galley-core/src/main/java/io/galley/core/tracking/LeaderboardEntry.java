package io.galley.core.tracking;

import static java.util.Objects.requireNonNull;

/** One ranked run: its place (1 = first), the run, and the summary of the ranking metric. */
public record LeaderboardEntry(int rank, Run run, MetricSummary summary) {
  public LeaderboardEntry {
    requireNonNull(run, "run");
    requireNonNull(summary, "summary");
  }
}
