package io.galley.store.tracing.internal;

import io.galley.core.search.Comparator;
import io.galley.core.search.FilterValue;
import io.galley.core.tracing.TraceCondition;
import io.galley.core.tracing.TraceKey;
import io.galley.core.tracing.TraceOrder;
import io.galley.store.jdbc.internal.Sql;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The WHERE and ORDER BY of a trace search over {@code trace_info t}. Tags and metadata match
 * through EXISTS on their tables, as MLflow joins them: {@code tags.a != 'x'} holds for a trace
 * whose tag {@code a} exists with another value. A trace holds at most one tag (one metadata entry)
 * per key, so every clause on one key is checked on that one row, in one subquery: a filter of
 * hundreds of clauses on a few keys costs a few subqueries. Every value is a bound argument.
 */
final class TraceSearchSql {
  private TraceSearchSql() {}

  /** A WHERE's conditions ({@code AND ...}) and how many subqueries they hold. */
  record Where(Sql sql, int subqueries) {}

  static Where where(List<TraceCondition> conditions) {
    Sql sql = new Sql();
    Map<TraceKey, List<TraceCondition>> byKey = new LinkedHashMap<>();
    for (TraceCondition c : conditions) {
      TraceKey key = c.key();
      if (key.kind() == TraceKey.Kind.ATTRIBUTE) {
        sql.append(" AND ");
        attribute(sql, key.name(), c.comparator(), c.value());
      } else {
        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
      }
    }
    for (Map.Entry<TraceKey, List<TraceCondition>> e : byKey.entrySet()) {
      sql.append(" AND ");
      if (e.getKey().kind() == TraceKey.Kind.TAG) {
        entry(sql, "trace_tags", "tag_key", "tag_value", e.getKey().name(), e.getValue());
      } else {
        entry(
            sql,
            "trace_request_metadata",
            "metadata_key",
            "metadata_value",
            e.getKey().name(),
            e.getValue());
      }
    }
    return new Where(sql, byKey.size());
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
      Sql sql,
      String table,
      String keyColumn,
      String valueColumn,
      String key,
      List<TraceCondition> conditions) {
    sql.append(
        "EXISTS (SELECT 1 FROM "
            + table
            + " e WHERE e.request_id = t.request_id AND e."
            + keyColumn
            + " = ?",
        key);
    for (TraceCondition c : conditions) {
      if (c.value() instanceof FilterValue.TextList list) {
        // name IN (...) and run_id IN (...), MLflow's aliases of a tag and a metadata entry.
        sql.append(
            " AND e."
                + valueColumn
                + (c.comparator() == Comparator.NOT_IN ? " NOT IN (" : " IN ("));
        sql.list(list.values()).append(")");
      } else {
        String text =
            c.value() instanceof FilterValue.Text t ? t.value() : String.valueOf(c.value());
        sql.append(" AND e." + valueColumn + " " + symbol(c.comparator()) + " ?", text);
      }
    }
    sql.append(")");
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
