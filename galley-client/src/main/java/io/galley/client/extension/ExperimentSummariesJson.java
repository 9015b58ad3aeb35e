package io.galley.client.extension;

import io.galley.core.tracking.ExperimentSummary;
import java.util.List;

/**
 * The response of {@code GET /api/2.0/galley/experiments/summary}: each experiment's count of
 * active runs and its last activity. The list is written even when empty ({@code "summaries": []}).
 */
public record ExperimentSummariesJson(List<SummaryJson> summaries) {
  public ExperimentSummariesJson {
    summaries = summaries == null ? List.of() : List.copyOf(summaries);
  }

  public static ExperimentSummariesJson of(List<ExperimentSummary> summaries) {
    return new ExperimentSummariesJson(summaries.stream().map(SummaryJson::of).toList());
  }

  /** One experiment's summary; {@code last_activity} is in epoch milliseconds. */
  public record SummaryJson(String experimentId, long runsCount, long lastActivity) {
    static SummaryJson of(ExperimentSummary s) {
      return new SummaryJson(s.experimentId(), s.activeRuns(), s.lastActivity());
    }

    /** The core record this summary describes. */
    public ExperimentSummary toSummary() {
      return new ExperimentSummary(experimentId, runsCount, lastActivity);
    }
  }
}
