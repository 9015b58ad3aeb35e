package io.galley.store.tracking.internal;

import static io.galley.store.jdbc.internal.RowLocks.ACTIVE;
import static io.galley.store.jdbc.internal.RowLocks.experimentId;
import static io.galley.store.jdbc.internal.RowLocks.experimentNotFound;
import static io.galley.store.jdbc.internal.RowLocks.loadExperiment;
import static io.galley.store.jdbc.internal.RowLocks.parseId;
import static io.galley.store.jdbc.internal.RowLocks.stages;

import io.galley.core.tracking.LeaderboardEntry;
import io.galley.core.tracking.LeaderboardQuery;
import io.galley.core.tracking.MetricSummary;
import io.galley.core.tracking.Page;
import io.galley.core.tracking.Run;
import io.galley.core.tracking.RunInfo;
import io.galley.core.tracking.RunQuery;
import io.galley.core.tracking.TrackingLimits;
import io.galley.store.jdbc.internal.Db;
import io.galley.store.jdbc.internal.PageToken;
import io.galley.store.jdbc.internal.Rows;
import io.galley.store.jdbc.internal.SearchSql;
import io.galley.store.jdbc.internal.Sql;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The read side over many runs: {@code runs/search} and the leaderboard. */
final class RunSearches {
  private final Db db;

  RunSearches(Db db) {
    this.db = db;
  }

  Page<Run> searchRuns(RunQuery query) {
    int offset = PageToken.decode(query.pageToken());
    List<Long> experimentIds = new ArrayList<>();
    for (String id : query.experimentIds()) {
      TrackingLimits.validateExperimentId(id);
      parseId(id).ifPresent(experimentIds::add);
    }
    if (experimentIds.isEmpty()) {
      return new Page<>(List.of(), null);
    }
    List<String> stages = stages(query.viewType());
    if (comparesAMetricNoRunHolds(experimentIds, query)) {
      return new Page<>(List.of(), null);
    }
    Optional<Sql> top =
        SearchSql.topRunsByMetric(
            experimentIds, stages, query.filter(), query.orderBy(), query.maxResults() + 1, offset);
    if (top.isEmpty()) {
      Optional<List<Run>> walked = walk(query, experimentIds, stages, offset);
      if (walked.isPresent()) {
        return PageToken.page(walked.get(), query.maxResults(), offset);
      }
    }
    Planned planned =
        top.map(sql -> new Planned(sql, 0))
            .orElseGet(() -> generalRunSearch(query, experimentIds, stages, offset));
    Sql sql = planned.sql();
    List<Run> runs =
        db.inSearch(
            h -> {
              Db.planInWrittenOrder(h, planned.subqueries());
              return Rows.runs(
                  h, sql.bind(h.createQuery(sql.text())).map((rs, ctx) -> Rows.runInfo(rs)).list());
            });
    return PageToken.page(runs, query.maxResults(), offset);
  }

  /** Whether the filter compares a metric no run of the experiments holds: then nothing passes. */
  private boolean comparesAMetricNoRunHolds(List<Long> experimentIds, RunQuery query) {
    Optional<Sql> probe = SearchSql.metricKeyNoRunHas(experimentIds, query.filter());
    if (probe.isEmpty()) {
      return false;
    }
    Sql sql = probe.get();
    return db.inSearch(h -> sql.bind(h.createQuery(sql.text())).mapTo(String.class).findFirst())
        .isPresent();
  }

  /**
   * How far a walk goes, in multiples of the runs a page needs, before it gives up on a filter few
   * runs pass and leaves the page to the general plan: at most this many runs checked in vain, a
   * few percent of the general plan's work over a large experiment.
   */
  private static final int WALK_PAGES = 32;

  /** The most runs a walk reads; a page deeper than a share of this goes to the general plan. */
  private static final int WALK_MAX_RUNS = 20_000;

  /**
   * The page of a filtered search ordered by one metric or by start time, found by walking down
   * that order: the first runs in it are read once (one index range, sorted), then the filter is
   * checked on batches of them that double, each batch by its run ids, until the page is full (see
   * {@link SearchSql#walkOrder}). Empty when the walk gave up, or ran out of runs while others (a
   * NaN or no value of the order metric) may follow; the general plan then answers. On H2, which
   * checks a filter at about 10-15 µs per run and key, the general plan costs seconds over 100,000
   * runs whatever the page size; the walk costs what the page's runs and their neighbours do.
   */
  private Optional<List<Run>> walk(
      RunQuery query, List<Long> experimentIds, List<String> stages, int offset) {
    long needed = (long) offset + query.maxResults() + 1;
    if (needed * 2 > WALK_MAX_RUNS) {
      return Optional.empty();
    }
    int limit = (int) Math.min(needed * WALK_PAGES, WALK_MAX_RUNS);
    Optional<SearchSql.WalkOrder> order =
        SearchSql.walkOrder(experimentIds, stages, query.orderBy(), query.filter(), limit);
    if (order.isEmpty()) {
      return Optional.empty();
    }
    return db.inSearch(h -> walk(h, query, order.get(), limit, (int) needed, offset));
  }

  private static Optional<List<Run>> walk(
      Handle h, RunQuery query, SearchSql.WalkOrder order, int limit, int needed, int offset) {
    Sql ordered = order.candidates();
    List<String> candidates =
        ordered.bind(h.createQuery(ordered.text())).mapTo(String.class).list();
    List<RunInfo> matched = new ArrayList<>();
    int from = 0;
    int batch = Math.max(2 * needed, 64);
    while (from < candidates.size() && matched.size() < needed) {
      List<String> ids = candidates.subList(from, Math.min(candidates.size(), from + batch));
      Map<String, RunInfo> passing = new HashMap<>();
      for (List<String> chunk : Rows.chunks(ids)) {
        Sql sql = new Sql();
        int subqueries = SearchSql.runsPassing(sql, chunk, query.filter());
        Db.planInWrittenOrder(h, subqueries);
        sql.bind(h.createQuery(sql.text()))
            .map((rs, ctx) -> Rows.runInfo(rs))
            .forEach(run -> passing.put(run.runId(), run));
      }
      for (String id : ids) {
        RunInfo run = passing.get(id);
        if (run != null) {
          matched.add(run);
        }
      }
      from += ids.size();
      batch *= 2;
    }
    boolean allRead = order.exhaustive() && candidates.size() < limit;
    if (matched.size() < needed && !allRead) {
      // Gave up, or checked every run of the walk while others (a NaN or no value of the order
      // metric) may come after them: the general plan answers.
      return Optional.empty();
    }
    List<RunInfo> page =
        matched.subList(Math.min(offset, matched.size()), Math.min(needed, matched.size()));
    return Optional.of(Rows.runs(h, page));
  }

  /** A statement, and how many subqueries its filter wrote. */
  private record Planned(Sql sql, int subqueries) {}

  private static Planned generalRunSearch(
      RunQuery query, List<Long> experimentIds, List<String> stages, int offset) {
    Sql joins = new Sql();
    String order = SearchSql.runOrder(joins, query.orderBy());
    Sql sql = new Sql().append("SELECT " + Rows.RUN_COLUMNS + " FROM runs r").append(joins);
    sql.append(" WHERE r.experiment_id IN (").list(experimentIds).append(")");
    sql.append(" AND r.lifecycle_stage IN (").list(stages).append(")");
    int subqueries = SearchSql.runFilter(sql, query.filter());
    sql.append(" ORDER BY " + order);
    sql.append(" LIMIT ? OFFSET ?", query.maxResults() + 1, offset);
    return new Planned(sql, subqueries);
  }

  List<LeaderboardEntry> leaderboard(LeaderboardQuery query) {
    long experimentId = experimentId(query.experimentId());
    String column =
        switch (query.aggregate()) {
          case LAST -> "last_value";
          case MIN -> "min_value";
          case MAX -> "max_value";
        };
    String nan =
        switch (query.aggregate()) {
          case LAST -> "last_is_nan";
          case MIN, MAX -> "all_nan";
        };
    // %1$s: the latest_metrics alias; %2$s: where the run's start time is read. Read from the
    // bottom, every term but the NaN one turns round, so its first row is the ranking's last.
    // Ties go as runs/search breaks them (start time, the later first, then run id), so that the
    // runs table sorted on the metric lists them in the ranking's order.
    boolean highFirst = query.descending() != query.fromBottom();
    String order =
        " ORDER BY CASE WHEN %1$s."
            + nan
            + " THEN 1 ELSE 0 END, %1$s."
            + column
            + (highFirst ? " DESC" : " ASC")
            + ", %2$s"
            + (query.fromBottom() ? " ASC" : " DESC")
            + ", %1$s.run_uuid"
            + (query.fromBottom() ? " DESC" : " ASC");
    String select = "SELECT " + Rows.RUN_COLUMNS + ", " + Rows.SUMMARY_COLUMNS;
    Sql sql = new Sql();
    int subqueries = 0;
    if (query.filter().matchesAll()) {
      // Rank within latest_metrics alone (its copies of the run's experiment, stage and start
      // time), then join only the top n runs.
      sql.append(select + " FROM (SELECT * FROM latest_metrics ranked")
          .append(
              " WHERE ranked.experiment_id = ? AND ranked.metric_key = ? AND ranked.run_stage = ?",
              experimentId,
              query.metricKey(),
              ACTIVE)
          .append(String.format(order, "ranked", "ranked.run_start_time"))
          .append(" LIMIT ?) lm JOIN runs r ON r.run_uuid = lm.run_uuid", query.limit())
          .append(String.format(order, "lm", "lm.run_start_time"));
    } else {
      sql.append(
          select
              + " FROM runs r"
              + " JOIN latest_metrics lm ON lm.run_uuid = r.run_uuid AND lm.metric_key = ?"
              + " WHERE r.experiment_id = ? AND r.lifecycle_stage = ?",
          query.metricKey(),
          experimentId,
          ACTIVE);
      subqueries = SearchSql.runFilter(sql, query.filter());
      sql.append(String.format(order, "lm", "r.start_time")).append(" LIMIT ?", query.limit());
    }
    int planned = subqueries;
    return db.inSearch(
        h -> {
          Db.planInWrittenOrder(h, planned);
          if (loadExperiment(h, experimentId, query.experimentId()).isEmpty()) {
            throw experimentNotFound(query.experimentId());
          }
          record Ranked(RunInfo info, MetricSummary summary) {}
          List<Ranked> ranked =
              sql.bind(h.createQuery(sql.text()))
                  .map((rs, ctx) -> new Ranked(Rows.runInfo(rs), Rows.summary(rs)))
                  .list();
          List<Run> runs = Rows.runs(h, ranked.stream().map(Ranked::info).toList());
          List<LeaderboardEntry> entries = new ArrayList<>(runs.size());
          for (int i = 0; i < runs.size(); i++) {
            entries.add(new LeaderboardEntry(i + 1, runs.get(i), ranked.get(i).summary()));
          }
          return entries;
        });
  }
}
