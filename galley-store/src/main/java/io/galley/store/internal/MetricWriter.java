package io.galley.store.internal;

import io.galley.core.tracking.Metric;
import io.galley.core.tracking.MetricSummary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Writes a batch of metric points and folds them into {@code latest_metrics}: one JDBC batch for
 * the points, one query for the keys' current summaries, then one batch of inserts and one of
 * updates, so 1000 points cost a handful of round trips. The caller holds the run's row lock.
 */
final class MetricWriter {

  /** The batch without repeated points (MLflow logs a point once however often it is sent). */
  static List<Metric> distinct(List<Metric> metrics) {
    return List.copyOf(new LinkedHashSet<>(metrics));
  }

  void write(Handle h, String runId, List<Metric> points, boolean skipLogged) {
    if (points.isEmpty()) {
      return;
    }
    List<String> keys = List.copyOf(new LinkedHashSet<>(points.stream().map(Metric::key).toList()));
    List<Metric> fresh = skipLogged ? withoutLogged(h, runId, keys, points) : points;
    if (fresh.isEmpty()) {
      return;
    }
    Connection c = h.getConnection();
    try {
      insertPoints(c, runId, fresh);
      Map<String, MetricSummary> current = currentSummaries(h, runId, keys);
      List<MetricSummary> inserts = new ArrayList<>();
      List<MetricSummary> updates = new ArrayList<>();
      for (MetricSummary batch : MetricRollup.of(fresh).values()) {
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

  private static List<Metric> withoutLogged(Handle h, String runId, List<String> keys, List<Metric> points) {
    Set<Metric> logged = new HashSet<>();
    for (List<String> chunk : Rows.chunks(keys)) {
      Sql sql =
          new Sql()
              .append(
                  "SELECT metric_key, metric_value, timestamp_ms, step FROM metrics"
                      + " WHERE run_uuid = ? AND metric_key IN (",
                  runId)
              .list(chunk)
              .append(")");
      sql.bind(h.createQuery(sql.text()))
          .map((rs, ctx) -> new Metric(rs.getString(1), rs.getDouble(2), rs.getLong(3), rs.getLong(4)))
          .forEach(logged::add);
    }
    return points.stream().filter(m -> !logged.contains(m)).toList();
  }

  private static void insertPoints(Connection c, String runId, List<Metric> points) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO metrics (run_uuid, metric_key, step, timestamp_ms, metric_value)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      for (Metric m : points) {
        ps.setString(1, runId);
        ps.setString(2, m.key());
        ps.setLong(3, m.step());
        ps.setLong(4, m.timestamp());
        ps.setDouble(5, m.value());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static Map<String, MetricSummary> currentSummaries(Handle h, String runId, List<String> keys) {
    Map<String, MetricSummary> current = new HashMap<>();
    for (List<String> chunk : Rows.chunks(keys)) {
      Sql sql =
          new Sql()
              .append(
                  "SELECT " + Rows.SUMMARY_COLUMNS + " FROM latest_metrics lm"
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

  private static void writeSummaries(Connection c, String runId, List<MetricSummary> summaries, boolean insert)
      throws SQLException {
    if (summaries.isEmpty()) {
      return;
    }
    String sql =
        insert
            ? "INSERT INTO latest_metrics (last_value, last_timestamp, last_step, last_is_nan,"
                + " min_value, min_timestamp, min_step, max_value, max_timestamp, max_step, all_nan,"
                + " run_uuid, metric_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
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
        ps.setString(12, runId);
        ps.setString(13, s.key());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }
}
