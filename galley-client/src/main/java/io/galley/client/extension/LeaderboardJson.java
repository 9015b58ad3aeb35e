package io.galley.client.extension;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.galley.client.mlflow.ProtoDoubleSerializer;
import io.galley.client.mlflow.RunJson;
import io.galley.core.tracking.LeaderboardEntry;
import io.galley.core.tracking.Metric;
import io.galley.core.tracking.MetricSummary;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The response of {@code GET /api/2.0/galley/leaderboard}: runs ranked by one metric, each with
 * that metric's last, min and max; {@code {}} when no run has the metric.
 */
public record LeaderboardJson(@JsonInclude(NON_EMPTY) List<EntryJson> entries) {
  /** An absent list reads as empty; an empty one is left out when written. */
  public LeaderboardJson {
    entries = entries == null ? List.of() : List.copyOf(entries);
  }

  public static LeaderboardJson of(List<LeaderboardEntry> entries) {
    return new LeaderboardJson(entries.stream().map(EntryJson::of).toList());
  }

  /** One ranked run, 1-based. */
  public record EntryJson(int rank, RunJson run, SummaryJson metric) {
    static EntryJson of(LeaderboardEntry e) {
      return new EntryJson(e.rank(), RunJson.of(e.run()), SummaryJson.of(e.summary()));
    }
  }

  /** The ranking metric's last, min and max points. */
  public record SummaryJson(String key, PointJson last, PointJson min, PointJson max) {
    static SummaryJson of(MetricSummary s) {
      return new SummaryJson(
          s.key(),
          PointJson.of(s.last(), true),
          PointJson.of(s.min(), false),
          PointJson.of(s.max(), false));
    }
  }

  /** A metric point; only {@code last} carries its timestamp. */
  public record PointJson(
      @JsonSerialize(using = ProtoDoubleSerializer.class) double value,
      long step,
      @Nullable Long timestamp) {
    static PointJson of(Metric m, boolean withTimestamp) {
      return new PointJson(m.value(), m.step(), withTimestamp ? m.timestamp() : null);
    }
  }
}
