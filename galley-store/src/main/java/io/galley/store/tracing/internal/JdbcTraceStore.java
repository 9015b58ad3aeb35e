package io.galley.store.tracing.internal;

import static io.galley.store.jdbc.internal.RowLocks.checkExperimentActive;
import static io.galley.store.jdbc.internal.RowLocks.experimentId;
import static io.galley.store.jdbc.internal.RowLocks.experimentNotFound;
import static java.util.Objects.requireNonNull;

import io.galley.core.NotFoundException;
import io.galley.core.blob.Digest;
import io.galley.core.tracing.NewTrace;
import io.galley.core.tracing.TraceData;
import io.galley.core.tracing.TraceDeletion;
import io.galley.core.tracing.TraceEnd;
import io.galley.core.tracing.TraceInfo;
import io.galley.core.tracing.TraceQuery;
import io.galley.core.tracing.TraceStatus;
import io.galley.core.tracing.TraceStore;
import io.galley.core.tracking.Page;
import io.galley.store.jdbc.internal.Db;
import io.galley.store.jdbc.internal.PageToken;
import io.galley.store.jdbc.internal.RowLocks;
import io.galley.store.jdbc.internal.Rows;
import io.galley.store.jdbc.internal.Sql;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * {@link TraceStore} over the {@code trace_*} tables with MLflow 2.17's SqlAlchemyStore semantics.
 * Writes to a trace lock its {@code trace_info} row first, which also checks that it exists, so the
 * delete-then-insert merges of tags and metadata need no upsert syntax.
 */
public final class JdbcTraceStore implements TraceStore {
  private static final String COLUMNS =
      "t.request_id, t.experiment_id, t.timestamp_ms, t.execution_time_ms, t.status";

  private final Db db;

  public JdbcTraceStore(Jdbi jdbi) {
    this.db = new Db(requireNonNull(jdbi, "jdbi"));
  }

  @Override
  public TraceInfo startTrace(NewTrace trace) {
    long experiment = experimentId(trace.experimentId());
    String requestId = UUID.randomUUID().toString().replace("-", "");
    return db.inTransaction(
        h -> {
          record ExperimentRow(String stage, String location) {}
          ExperimentRow row =
              h.createQuery(
                      "SELECT lifecycle_stage, artifact_location FROM experiments"
                          + " WHERE experiment_id = ?")
                  .bind(0, experiment)
                  .map((rs, ctx) -> new ExperimentRow(rs.getString(1), rs.getString(2)))
                  .findOne()
                  .orElseThrow(() -> experimentNotFound(trace.experimentId()));
          checkExperimentActive(trace.experimentId(), row.stage());
          h.execute(
              "INSERT INTO trace_info (request_id, experiment_id, timestamp_ms, status)"
                  + " VALUES (?, ?, ?, ?)",
              requestId,
              experiment,
              trace.timestampMs(),
              TraceStatus.IN_PROGRESS.name());
          Map<String, String> tags = new HashMap<>(trace.tags());
          tags.put(TraceInfo.ARTIFACT_LOCATION_TAG, artifactLocation(row.location(), requestId));
          putEntries(h, Entries.TAGS, requestId, tags);
          putEntries(h, Entries.METADATA, requestId, trace.requestMetadata());
          return load(h, requestId).orElseThrow();
        });
  }

  /** MLflow's {@code append_to_uri_path(experiment location, "traces", id, "artifacts")}. */
  static String artifactLocation(String experimentLocation, String requestId) {
    String base =
        experimentLocation.endsWith("/")
            ? experimentLocation.substring(0, experimentLocation.length() - 1)
            : experimentLocation;
    return base + "/traces/" + requestId + "/artifacts";
  }

  @Override
  public TraceInfo endTrace(TraceEnd end) {
    return db.inTransaction(
        h -> {
          long start = lock(h, end.requestId());
          h.execute(
              "UPDATE trace_info SET execution_time_ms = ?, status = ? WHERE request_id = ?",
              end.timestampMs() - start,
              end.status().name(),
              end.requestId());
          putEntries(h, Entries.TAGS, end.requestId(), end.tags());
          putEntries(h, Entries.METADATA, end.requestId(), end.requestMetadata());
          return load(h, end.requestId()).orElseThrow();
        });
  }

  @Override
  public Optional<TraceInfo> findTraceInfo(String requestId) {
    return db.inTransaction(h -> load(h, requestId));
  }

  @Override
  public Page<TraceInfo> searchTraces(TraceQuery query) {
    List<Long> experiments =
        query.experimentIds().stream().flatMap(id -> RowLocks.parseId(id).stream()).toList();
    if (experiments.isEmpty()) {
      return new Page<>(List.of(), null);
    }
    int offset = PageToken.decode(query.pageToken());
    TraceSearchSql.Where where = TraceSearchSql.where(query.filter());
    Sql sql =
        new Sql()
            .append("SELECT " + COLUMNS + " FROM trace_info t WHERE t.experiment_id IN (")
            .list(experiments)
            .append(")")
            .append(where.sql())
            .append(TraceSearchSql.orderBy(query.orderBy()))
            .append(" LIMIT ? OFFSET ?", query.maxResults() + 1, offset);
    return db.inSearch(
        h -> {
          Db.planInWrittenOrder(h, where.subqueries());
          List<TraceRow> rows = new ArrayList<>();
          Rows.forEach(h, sql, rs -> rows.add(TraceRow.of(rs)));
          List<TraceInfo> infos = withEntries(h, rows);
          return PageToken.page(infos, query.maxResults(), offset);
        });
  }

  @Override
  public int deleteTraces(TraceDeletion deletion) {
    Optional<Long> experiment = RowLocks.parseId(deletion.experimentId());
    if (experiment.isEmpty()) {
      return 0;
    }
    Sql select =
        new Sql()
            .append(
                "SELECT t.request_id FROM trace_info t WHERE t.experiment_id = ?",
                experiment.get());
    if (deletion.maxTimestampMillis() != null) {
      select.append(" AND t.timestamp_ms <= ?", deletion.maxTimestampMillis());
    }
    if (!deletion.requestIds().isEmpty()) {
      select.append(" AND t.request_id IN (").list(deletion.requestIds()).append(")");
    }
    // The oldest go first, as MLflow's max_traces deletes them.
    select.append(" ORDER BY t.timestamp_ms ASC, t.request_id ASC");
    if (deletion.maxTraces() != null) {
      select.append(" LIMIT ?", deletion.maxTraces());
    }
    return db.inTransaction(
        h -> {
          List<String> ids = new ArrayList<>();
          Rows.forEach(h, select, rs -> ids.add(rs.getString(1)));
          int deleted = 0;
          for (List<String> chunk : Rows.chunks(ids)) {
            Sql delete = new Sql().append("DELETE FROM trace_info WHERE request_id IN (");
            delete.list(chunk).append(")");
            deleted += delete.bind(h.createUpdate(delete.text())).execute();
          }
          return deleted;
        });
  }

  @Override
  public void setTraceTag(String requestId, String key, String value) {
    db.useTransaction(
        h -> {
          lock(h, requestId);
          putEntries(h, Entries.TAGS, requestId, Map.of(key, value));
        });
  }

  @Override
  public void deleteTraceTag(String requestId, String key) {
    db.useTransaction(
        h -> {
          lock(h, requestId);
          int deleted =
              h.execute(
                  "DELETE FROM trace_tags WHERE request_id = ? AND tag_key = ?", requestId, key);
          if (deleted == 0) {
            throw new NotFoundException(
                "No trace tag with key '"
                    + key
                    + "' for trace with request_id '"
                    + requestId
                    + "'");
          }
        });
  }

  @Override
  public void setTraceData(String requestId, TraceData data) {
    db.useTransaction(
        h -> {
          int updated =
              h.execute(
                  "UPDATE trace_info SET data_digest = ?, data_size = ? WHERE request_id = ?",
                  data.digest().hex(),
                  data.size(),
                  requestId);
          if (updated == 0) {
            throw TraceStore.notFound(requestId);
          }
        });
  }

  @Override
  public Optional<TraceData> findTraceData(String requestId) {
    return db.inTransaction(
        h ->
            h.createQuery(
                    "SELECT data_digest, data_size FROM trace_info"
                        + " WHERE request_id = ? AND data_digest IS NOT NULL")
                .bind(0, requestId)
                .map((rs, ctx) -> new TraceData(new Digest(rs.getString(1)), rs.getLong(2)))
                .findOne());
  }

  @Override
  public void forEachReferencedDigest(Consumer<Digest> action) {
    db.useTransaction(
        h ->
            Rows.forEach(
                h,
                new Sql()
                    .append(
                        "SELECT DISTINCT data_digest FROM trace_info WHERE data_digest IS NOT NULL"),
                rs -> action.accept(new Digest(rs.getString(1)))));
  }

  /** Locks a trace's row for the transaction and returns its start time. */
  private static long lock(Handle h, String requestId) {
    return h.createQuery("SELECT timestamp_ms FROM trace_info WHERE request_id = ? FOR UPDATE")
        .bind(0, requestId)
        .mapTo(Long.class)
        .findOne()
        .orElseThrow(() -> TraceStore.notFound(requestId));
  }

  private static Optional<TraceInfo> load(Handle h, String requestId) {
    List<TraceRow> rows = new ArrayList<>();
    Rows.forEach(
        h,
        new Sql()
            .append("SELECT " + COLUMNS + " FROM trace_info t WHERE t.request_id = ?", requestId),
        rs -> rows.add(TraceRow.of(rs)));
    return withEntries(h, rows).stream().findFirst();
  }

  private static List<TraceInfo> withEntries(Handle h, List<TraceRow> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    List<String> ids = rows.stream().map(TraceRow::requestId).toList();
    Map<String, Map<String, String>> tags = Entries.TAGS.read(h, ids);
    Map<String, Map<String, String>> metadata = Entries.METADATA.read(h, ids);
    return rows.stream()
        .map(
            r ->
                r.info(
                    metadata.getOrDefault(r.requestId(), Map.of()),
                    tags.getOrDefault(r.requestId(), Map.of())))
        .toList();
  }

  private static void putEntries(
      Handle h, Entries entries, String requestId, Map<String, String> values) {
    if (!values.isEmpty()) {
      entries.put(h, requestId, values);
    }
  }
}
