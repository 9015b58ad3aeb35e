package io.galley.store.jdbc.internal;

import io.galley.core.tracking.Dataset;
import io.galley.core.tracking.DatasetInput;
import io.galley.core.tracking.Experiment;
import io.galley.core.tracking.LifecycleStage;
import io.galley.core.tracking.Metric;
import io.galley.core.tracking.MetricSummary;
import io.galley.core.tracking.Param;
import io.galley.core.tracking.Run;
import io.galley.core.tracking.RunData;
import io.galley.core.tracking.RunInfo;
import io.galley.core.tracking.RunStatus;
import io.galley.core.tracking.Tag;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Reads rows into records, and loads what belongs to a page of runs or experiments with one query
 * per table (never one per run).
 */
public final class Rows {
  public static final String RUN_COLUMNS =
      "r.run_uuid, r.experiment_id, r.name, r.user_id, r.status, r.start_time, r.end_time,"
          + " r.artifact_uri, r.lifecycle_stage";
  public static final String SUMMARY_COLUMNS =
      "lm.metric_key, lm.last_value, lm.last_timestamp, lm.last_step, lm.min_value,"
          + " lm.min_timestamp, lm.min_step, lm.max_value, lm.max_timestamp, lm.max_step";

  /** Keeps IN lists well under PostgreSQL's 32767 bind arguments. */
  private static final int CHUNK = 1000;

  private Rows() {}

  public static RunInfo runInfo(ResultSet rs) throws SQLException {
    long endTime = rs.getLong("end_time");
    Long end = rs.wasNull() ? null : endTime;
    return new RunInfo(
        rs.getString("run_uuid"),
        Long.toString(rs.getLong("experiment_id")),
        rs.getString("name"),
        rs.getString("user_id"),
        RunStatus.parse(rs.getString("status")),
        rs.getLong("start_time"),
        end,
        rs.getString("artifact_uri"),
        LifecycleStage.fromWire(rs.getString("lifecycle_stage")));
  }

  public static MetricSummary summary(ResultSet rs) throws SQLException {
    String key = rs.getString("metric_key");
    return new MetricSummary(
        key,
        new Metric(
            key, rs.getDouble("last_value"), rs.getLong("last_timestamp"), rs.getLong("last_step")),
        new Metric(
            key, rs.getDouble("min_value"), rs.getLong("min_timestamp"), rs.getLong("min_step")),
        new Metric(
            key, rs.getDouble("max_value"), rs.getLong("max_timestamp"), rs.getLong("max_step")));
  }

  public static Experiment experiment(ResultSet rs, List<Tag> tags) throws SQLException {
    return new Experiment(
        Long.toString(rs.getLong("experiment_id")),
        rs.getString("name"),
        rs.getString("artifact_location"),
        LifecycleStage.fromWire(rs.getString("lifecycle_stage")),
        rs.getLong("creation_time"),
        rs.getLong("last_update_time"),
        tags);
  }

  /** Experiments (rows with all columns of {@code experiments}) with their tags, in order. */
  public static List<Experiment> experiments(Handle h, Sql query) {
    List<Experiment> bare =
        query.bind(h.createQuery(query.text())).map((rs, ctx) -> experiment(rs, List.of())).list();
    if (bare.isEmpty()) {
      return bare;
    }
    List<Long> ids = bare.stream().map(e -> Long.parseLong(e.experimentId())).toList();
    Map<String, List<Tag>> tags = new HashMap<>();
    for (List<Long> chunk : chunks(ids)) {
      forEach(
          h,
          "SELECT experiment_id, tag_key, tag_value FROM experiment_tags WHERE experiment_id IN (",
          chunk,
          ") ORDER BY experiment_id, tag_key",
          rs ->
              tags.computeIfAbsent(Long.toString(rs.getLong(1)), k -> new ArrayList<>())
                  .add(new Tag(rs.getString(2), rs.getString(3))));
    }
    List<Experiment> out = new ArrayList<>(bare.size());
    for (Experiment e : bare) {
      out.add(
          new Experiment(
              e.experimentId(),
              e.name(),
              e.artifactLocation(),
              e.lifecycleStage(),
              e.creationTime(),
              e.lastUpdateTime(),
              tags.getOrDefault(e.experimentId(), List.of())));
    }
    return out;
  }

  /** Runs for the infos, in their order, with latest metrics, params, tags and inputs. */
  public static List<Run> runs(Handle h, List<RunInfo> infos) {
    if (infos.isEmpty()) {
      return List.of();
    }
    List<String> ids = infos.stream().map(RunInfo::runId).toList();
    Map<String, List<Metric>> metrics = new HashMap<>();
    Map<String, List<Param>> params = new HashMap<>();
    Map<String, List<Tag>> tags = new HashMap<>();
    Map<String, List<DatasetInput>> inputs = new HashMap<>();
    for (List<String> chunk : chunks(ids)) {
      forEach(
          h,
          "SELECT run_uuid, metric_key, last_value, last_timestamp, last_step FROM latest_metrics"
              + " WHERE run_uuid IN (",
          chunk,
          ") ORDER BY run_uuid, metric_key",
          rs ->
              metrics
                  .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                  .add(new Metric(rs.getString(2), rs.getDouble(3), rs.getLong(4), rs.getLong(5))));
      forEach(
          h,
          "SELECT run_uuid, param_key, param_value FROM params WHERE run_uuid IN (",
          chunk,
          ") ORDER BY run_uuid, param_key",
          rs ->
              params
                  .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                  .add(new Param(rs.getString(2), rs.getString(3))));
      forEach(
          h,
          "SELECT run_uuid, tag_key, tag_value FROM tags WHERE run_uuid IN (",
          chunk,
          ") ORDER BY run_uuid, tag_key",
          rs ->
              tags.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                  .add(new Tag(rs.getString(2), rs.getString(3))));
      loadInputs(h, chunk, inputs);
    }
    List<Run> runs = new ArrayList<>(infos.size());
    for (RunInfo info : infos) {
      String id = info.runId();
      runs.add(
          new Run(
              info,
              new RunData(
                  metrics.getOrDefault(id, List.of()),
                  params.getOrDefault(id, List.of()),
                  tags.getOrDefault(id, List.of())),
              inputs.getOrDefault(id, List.of())));
    }
    return runs;
  }

  private static void loadInputs(
      Handle h, List<String> runIds, Map<String, List<DatasetInput>> out) {
    record Row(String runId, String inputId, Dataset dataset) {}
    List<Row> rows = new ArrayList<>();
    forEach(
        h,
        "SELECT i.run_uuid, i.input_uuid, d.name, d.digest, d.source_type, d.source,"
            + " d.dataset_schema, d.dataset_profile FROM run_inputs i"
            + " JOIN datasets d ON d.dataset_uuid = i.dataset_uuid WHERE i.run_uuid IN (",
        runIds,
        ") ORDER BY i.run_uuid, d.name, d.digest",
        rs ->
            rows.add(
                new Row(
                    rs.getString(1),
                    rs.getString(2),
                    new Dataset(
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8)))));
    if (rows.isEmpty()) {
      return;
    }
    Map<String, List<Tag>> inputTags = new HashMap<>();
    List<String> inputIds = rows.stream().map(Row::inputId).toList();
    for (List<String> chunk : chunks(inputIds)) {
      forEach(
          h,
          "SELECT input_uuid, tag_key, tag_value FROM input_tags WHERE input_uuid IN (",
          chunk,
          ") ORDER BY input_uuid, tag_key",
          rs ->
              inputTags
                  .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                  .add(new Tag(rs.getString(2), rs.getString(3))));
    }
    for (Row row : rows) {
      out.computeIfAbsent(row.runId(), k -> new ArrayList<>())
          .add(new DatasetInput(inputTags.getOrDefault(row.inputId(), List.of()), row.dataset()));
    }
  }

  public interface RowConsumer {
    void accept(ResultSet rs) throws SQLException;
  }

  public static void forEach(
      Handle h, String head, Collection<?> values, String tail, RowConsumer consumer) {
    forEach(h, new Sql().append(head).list(values).append(tail), consumer);
  }

  /** Each row of the query, in its order, to {@code consumer}. */
  public static void forEach(Handle h, Sql sql, RowConsumer consumer) {
    sql.bind(h.createQuery(sql.text()))
        .map(
            (rs, ctx) -> {
              consumer.accept(rs);
              return Boolean.TRUE;
            })
        .forEach(x -> {});
  }

  public static <T> List<List<T>> chunks(List<T> values) {
    List<List<T>> chunks = new ArrayList<>();
    for (int i = 0; i < values.size(); i += CHUNK) {
      chunks.add(values.subList(i, Math.min(values.size(), i + CHUNK)));
    }
    return chunks;
  }

  public static <K, V> Map<K, V> lastWins(List<V> values, java.util.function.Function<V, K> key) {
    Map<K, V> map = new LinkedHashMap<>();
    for (V v : values) {
      map.remove(key.apply(v));
      map.put(key.apply(v), v);
    }
    return map;
  }
}
