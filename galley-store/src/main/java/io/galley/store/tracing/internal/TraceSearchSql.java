package io.galley.store.tracing.internal;

import io.galley.core.search.Comparator;
import io.galley.core.search.FilterValue;
import io.galley.core.tracing.TraceCondition;
import io.galley.core.tracing.TraceKey;
import io.galley.core.tracing.TraceOrder;
import io.galley.store.jdbc.internal.Sql;
import java.math.BigDecimal;
import java.util.List;

/**
 * The WHERE and ORDER BY of a trace search over {@code trace_info t}. Tags and metadata match
 * through EXISTS on their tables, as MLflow joins them: {@code tags.a != 'x'} holds for a trace
 * whose tag {@code a} exists with another value. Every value is a bound argument.
 */
final class TraceSearchSql {
  private TraceSearchSql() {}

  static Sql where(List<TraceCondition> conditions) {
    Sql sql = new Sql();
    for (TraceCondition c : conditions) {
      sql.append(" AND ");
      TraceKey key = c.key();
      switch (key.kind()) {
        case ATTRIBUTE -> attribute(sql, key.name(), c.comparator(), c.value());
        case TAG -> entry(sql, "trace_tags", "tag_key", "tag_value", key.name(), c);
        case REQUEST_METADATA ->
            entry(sql, "trace_request_metadata", "metadata_key", "metadata_value", key.name(), c);
      }
    }
    return sql;
  }

  private static void attribute(Sql sql, String name, Comparator comparator, FilterValue value) {
    String column = "t." + column(name);
    if (value instanceof FilterValue.Number n) {
      sql.append(column + " " + symbol(comparator) + " ?", BigDecimal.valueOf(n.value()));
    } else if (value instanceof FilterValue.Text t) {
      sql.append(column + " " + symbol(comparator) + " ?", t.value());
    } else if (value instanceof FilterValue.TextList list) {
      sql.append(column + (comparator == Comparator.NOT_IN ? " NOT IN (" : " IN ("));
      sql.list(list.values()).append(")");
    }
  }

  private static void entry(
      Sql sql, String table, String keyColumn, String valueColumn, String key, TraceCondition c) {
    sql.append(
        "EXISTS (SELECT 1 FROM "
            + table
            + " e WHERE e.request_id = t.request_id AND e."
            + keyColumn
            + " = ?",
        key);
    if (c.value() instanceof FilterValue.TextList list) {
      // name IN (...) and run_id IN (...), MLflow's aliases of a tag and a metadata entry.
      sql.append(
          " AND e." + valueColumn + (c.comparator() == Comparator.NOT_IN ? " NOT IN (" : " IN ("));
      sql.list(list.values()).append("))");
      return;
    }
    String text = c.value() instanceof FilterValue.Text t ? t.value() : String.valueOf(c.value());
    sql.append(" AND e." + valueColumn + " " + symbol(c.comparator()) + " ?)", text);
  }

  /** The clauses, then MLflow's defaults: newest first unless ordered by time, then request_id. */
  static Sql orderBy(List<TraceOrder> orders) {
    Sql sql = new Sql().append(" ORDER BY ");
    boolean byTime = false;
    for (TraceOrder o : orders) {
      TraceKey key = o.key();
      switch (key.kind()) {
        case ATTRIBUTE -> sql.append("t." + column(key.name()));
        case TAG ->
            sql.append(
                "(SELECT g.tag_value FROM trace_tags g WHERE g.request_id = t.request_id"
                    + " AND g.tag_key = ?)",
                key.name());
        case REQUEST_METADATA ->
            sql.append(
                "(SELECT m.metadata_value FROM trace_request_metadata m"
                    + " WHERE m.request_id = t.request_id AND m.metadata_key = ?)",
                key.name());
      }
      byTime |= key.kind() == TraceKey.Kind.ATTRIBUTE && key.name().equals(TraceKey.TIMESTAMP_MS);
      // Both databases put NULLs (a trace not yet ended, a missing tag) last, either way.
      sql.append(o.ascending() ? " ASC NULLS LAST, " : " DESC NULLS LAST, ");
    }
    if (!byTime) {
      sql.append("t.timestamp_ms DESC, ");
    }
    // The id last makes the order total (a no-op after an order by request_id), so pages never
    // overlap.
    return sql.append("t.request_id ASC");
  }

  private static String column(String attribute) {
    return switch (attribute) {
      case TraceKey.REQUEST_ID -> "request_id";
      case TraceKey.EXPERIMENT_ID -> "experiment_id";
      case TraceKey.TIMESTAMP_MS -> "timestamp_ms";
      case TraceKey.EXECUTION_TIME_MS -> "execution_time_ms";
      case TraceKey.STATUS -> "status";
      default -> throw new IllegalArgumentException("Not a trace attribute: " + attribute);
    };
  }

  private static String symbol(Comparator comparator) {
    return switch (comparator) {
      case EQ -> "=";
      case NEQ -> "<>";
      case GT -> ">";
      case GTE -> ">=";
      case LT -> "<";
      case LTE -> "<=";
      default -> throw new IllegalArgumentException("Not a scalar comparator: " + comparator);
    };
  }
}
