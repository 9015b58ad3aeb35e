package io.galley.server.galley;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.galley.core.tracking.LeaderboardEntry;
import io.galley.core.tracking.Metric;
import io.galley.core.tracking.MetricSummary;
import io.galley.server.mlflow.json.ProtoDoubleSerializer;
import io.galley.server.mlflow.json.RunJson;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The leaderboard response; its shape is documented on {@link LeaderboardRoutes}. */
record LeaderboardJson(@Nullable List<EntryJson> entries) {

  static LeaderboardJson of(List<LeaderboardEntry> entries) {
    List<EntryJson> out = entries.stream().map(EntryJson::of).toList();
    return new LeaderboardJson(out.isEmpty() ? null : out);
  }

  record EntryJson(int rank, RunJson run, SummaryJson metric) {
    static EntryJson of(LeaderboardEntry e) {
      return new EntryJson(e.rank(), RunJson.of(e.run()), SummaryJson.of(e.summary()));
    }
  }

  record SummaryJson(String key, PointJson last, PointJson min, PointJson max) {
    static SummaryJson of(MetricSummary s) {
      return new SummaryJson(
          s.key(),
          PointJson.of(s.last(), true),
          PointJson.of(s.min(), false),
          PointJson.of(s.max(), false));
    }
  }

  record PointJson(
      @JsonSerialize(using = ProtoDoubleSerializer.class) double value,
      long step,
      @Nullable Long timestamp) {
    static PointJson of(Metric m, boolean withTimestamp) {
      return new PointJson(m.value(), m.step(), withTimestamp ? m.timestamp() : null);
    }
  }
}
