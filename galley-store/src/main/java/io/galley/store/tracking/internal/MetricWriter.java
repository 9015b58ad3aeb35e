package io.galley.store.tracking.internal;

import io.galley.core.tracking.Metric;
import io.galley.core.tracking.MetricSummary;
import io.galley.store.jdbc.internal.Db;
import io.galley.store.jdbc.internal.Rows;
import io.galley.store.jdbc.internal.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Writes a batch of metric points as one {@code metric_chunks} row per key (the key's points packed
 * by {@link PackedPoints}) and folds them into {@code latest_metrics}: one INSERT for the chunks,
 * one query for the keys' current summaries, then one batch of inserts and one of updates. No
 * statement is per point. The caller holds the run's row lock, so the summaries read here do not
 * change before they are written back.
 *
 * <p>A point logged again (a retried request) is stored again; {@link MetricHistory} drops the copy
 * when it reads, and folding a point into a summary twice changes nothing.
 */
final class MetricWriter {

  /** Chunk rows per INSERT: H2 runs a JDBC batch row by row, a VALUES list in one command. */
  private static final int ROWS_PER_INSERT = 200;

  void write(Handle h, String runId, List<Metric> metrics) {
    if (metrics.isEmpty()) {
      return;
    }
    Map<String, List<Metric>> byKey = new LinkedHashMap<>();
    for (Metric m : new LinkedHashSet<>(metrics)) {
      byKey.computeIfAbsent(m.key(), k -> new ArrayList<>()).add(m);
    }
    Connection c = h.getConnection();
    try {
      insertChunks(c, runId, byKey);
      Map<String, MetricSummary> current = currentSummaries(h, runId, List.copyOf(byKey.keySet()));
      List<MetricSummary> inserts = new ArrayList<>();
      List<MetricSummary> updates = new ArrayList<>();
      for (List<Metric> points : byKey.values()) {
        MetricSummary batch = MetricRollup.of(points).values().iterator().next();
        MetricSummary old = current.get(batch.key());
        if (old == null) {
          inserts.add(batch);
        } else {
          MetricSummary merged = MetricRollup.merge(old, batch);
          if (!merged.equals(old)) {
            updates.add(merged);
          }
        }
      }
      writeSummaries(c, runId, inserts, true);
      writeSummaries(c, runId, updates, false);
    } catch (SQLException e) {
      throw new Db.UncheckedSql(e);
    }
  }

  private static void insertChunks(Connection c, String runId, Map<String, List<Metric>> byKey)
      throws SQLException {
    List<Map.Entry<String, List<Metric>>> chunks = List.copyOf(byKey.entrySet());
    for (int from = 0; from < chunks.size(); from += ROWS_PER_INSERT) {
      List<Map.Entry<String, List<Metric>>> rows =
          chunks.subList(from, Math.min(chunks.size(), from + ROWS_PER_INSERT));
      StringBuilder sql =
          new StringBuilder(
              "INSERT INTO metric_chunks (run_uuid, metric_key, point_count, min_step, max_step,"
                  + " points) VALUES ");
      for (int i = 0; i < rows.size(); i++) {
        sql.append(i == 0 ? "(?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?)");
      }
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        int p = 1;
        for (Map.Entry<String, List<Metric>> row : rows) {
          List<Metric> points = row.getValue();
          long minStep = Long.MAX_VALUE;
          long maxStep = Long.MIN_VALUE;
          for (Metric m : points) {
            minStep = Math.min(minStep, m.step());
            maxStep = Math.max(maxStep, m.step());
          }
          ps.setString(p++, runId);
          ps.setString(p++, row.getKey());
          ps.setInt(p++, points.size());
          ps.setLong(p++, minStep);
          ps.setLong(p++, maxStep);
          ps.setBytes(p++, PackedPoints.encode(points));
        }
        ps.executeUpdate();
      }
    }
  }

  private static Map<String, MetricSummary> currentSummaries(
      Handle h, String runId, List<String> keys) {
    Map<String, MetricSummary> current = new HashMap<>();
    for (List<String> chunk : Rows.chunks(keys)) {
      Sql sql =
          new Sql()
              .append(
                  "SELECT "
                      + Rows.SUMMARY_COLUMNS
                      + " FROM latest_metrics lm"
                      + " WHERE lm.run_uuid = ? AND lm.metric_key IN (",
                  runId)
              .list(chunk)
              .append(")");
      sql.bind(h.createQuery(sql.text()))
          .map((rs, ctx) -> Rows.summary(rs))
          .forEach(s -> current.put(s.key(), s));
    }
    return current;
  }

  private static void writeSummaries(
      Connection c, String runId, List<MetricSummary> summaries, boolean insert)
      throws SQLException {
    if (summaries.isEmpty()) {
      return;
    }
    String sql =
        insert
            ? "INSERT INTO latest_metrics (last_value, last_timestamp, last_step, last_is_nan,"
                + " min_value, min_timestamp, min_step, max_value, max_timestamp, max_step, all_nan,"
                + " run_uuid, metric_key, experiment_id, run_stage, run_start_time)"
                + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, r.run_uuid, ?, r.experiment_id,"
                + " r.lifecycle_stage, r.start_time FROM runs r WHERE r.run_uuid = ?"
            : "UPDATE latest_metrics SET last_value = ?, last_timestamp = ?, last_step = ?,"
                + " last_is_nan = ?, min_value = ?, min_timestamp = ?, min_step = ?, max_value = ?,"
                + " max_timestamp = ?, max_step = ?, all_nan = ? WHERE run_uuid = ? AND metric_key = ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (MetricSummary s : summaries) {
        ps.setDouble(1, s.last().value());
        ps.setLong(2, s.last().timestamp());
        ps.setLong(3, s.last().step());
        ps.setBoolean(4, Double.isNaN(s.last().value()));
        ps.setDouble(5, s.min().value());
        ps.setLong(6, s.min().timestamp());
        ps.setLong(7, s.min().step());
        ps.setDouble(8, s.max().value());
        ps.setLong(9, s.max().timestamp());
        ps.setLong(10, s.max().step());
        ps.setBoolean(11, MetricRollup.allNan(s));
        if (insert) {
          ps.setString(12, s.key());
          ps.setString(13, runId);
        } else {
          ps.setString(12, runId);
          ps.setString(13, s.key());
        }
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }
}
