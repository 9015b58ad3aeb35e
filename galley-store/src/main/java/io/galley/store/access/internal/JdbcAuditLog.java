package io.galley.store.access.internal;

import static java.util.Objects.requireNonNull;

import io.galley.core.access.AuditEvent;
import io.galley.core.access.AuditLog;
import io.galley.store.jdbc.internal.Db;
import io.galley.store.jdbc.internal.Sql;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jspecify.annotations.Nullable;

/** {@link AuditLog} over the {@code audit_events} table. */
public final class JdbcAuditLog implements AuditLog {
  private static final int MAX_FIELD = 1024;

  private final Db db;

  public JdbcAuditLog(Jdbi jdbi) {
    this.db = new Db(requireNonNull(jdbi, "jdbi"));
  }

  @Override
  public void record(AuditEvent event) {
    recordAll(List.of(requireNonNull(event, "event")));
  }

  @Override
  public void recordAll(List<AuditEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    db.useTransaction(
        h -> {
          PreparedBatch batch =
              h.prepareBatch(
                  "INSERT INTO audit_events (occurred_at, actor, action, resource, status, address)"
                      + " VALUES (?, ?, ?, ?, ?, ?)");
          for (AuditEvent event : events) {
            batch
                .bind(0, event.occurredAt().toEpochMilli())
                .bind(1, cut(event.actor(), 128))
                .bind(2, cut(event.action(), 128))
                .bind(3, cut(event.resource(), MAX_FIELD))
                .bind(4, event.status())
                .bind(5, cut(event.address(), 64))
                .add();
          }
          batch.execute();
        });
  }

  @Override
  public List<AuditEvent> events(
      @Nullable Instant since, @Nullable String actor, @Nullable Long beforeId, int limit) {
    Sql sql =
        new Sql()
            .append(
                "SELECT event_id, occurred_at, actor, action, resource, status, address"
                    + " FROM audit_events WHERE 1 = 1");
    if (since != null) {
      sql.append(" AND occurred_at >= ?", since.toEpochMilli());
    }
    if (actor != null) {
      sql.append(" AND actor = ?", actor);
    }
    if (beforeId != null) {
      sql.append(" AND event_id < ?", beforeId);
    }
    sql.append(" ORDER BY event_id DESC LIMIT ?", Math.max(1, Math.min(limit, 10_000)));
    return db.inTransaction(
        h ->
            sql.bind(h.createQuery(sql.text()))
                .map(
                    (rs, ctx) ->
                        new AuditEvent(
                            rs.getLong(1),
                            Instant.ofEpochMilli(rs.getLong(2)),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getInt(6),
                            rs.getString(7)))
                .list());
  }

  private static String cut(String value, int max) {
    return value.length() <= max ? value : value.substring(0, max - 1) + "…";
  }
}
