package io.galley.store.jdbc.internal;

import io.galley.core.search.Comparator;
import io.galley.core.search.Comparison;
import io.galley.core.search.EntityType;
import io.galley.core.search.SearchFilter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The conditions of a runs filter, written so that the plan stays cheap however many clauses the
 * filter has. A run holds at most one row per metric, param or tag key, so every clause on one key
 * is checked on that one row: one subquery per key, not per clause. Past {@link #KEYS_ONE_BY_ONE}
 * keys of one kind, one grouped subquery finds the runs that have a matching row for every key.
 * PostgreSQL plans each correlated subquery as a semi-join and searches their join orders: 50
 * subqueries took 29 s to plan and run over 100,000 runs, where 15 took 0.3 s with the order fixed
 * ({@link #PLANNED_IN_ORDER_ABOVE}).
 */
final class RunFilterSql {
  /** Up to this many keys of one kind get a subquery each, which can use the run's key index. */
  static final int KEYS_ONE_BY_ONE = 8;

  /**
   * PostgreSQL's default join_collapse_limit: past this many subqueries the caller should make
   * PostgreSQL join them in the order written ({@link Db#planInWrittenOrder}).
   */
  static final int PLANNED_IN_ORDER_ABOVE = 8;

  private RunFilterSql() {}

  /** The tables of the kinds grouped by key, with their alias {@code x}. */
  private enum KeyedTable {
    METRIC("latest_metrics", "metric_key"),
    PARAM("params", "param_key"),
    TAG("tags", "tag_key");

    final String table;
    final String keyColumn;

    KeyedTable(String table, String keyColumn) {
      this.table = table;
      this.keyColumn = keyColumn;
    }

    static KeyedTable of(EntityType type) {
      return switch (type) {
        case METRIC -> METRIC;
        case PARAM -> PARAM;
        case TAG -> TAG;
        default -> throw new IllegalArgumentException(type.name());
      };
    }

    void condition(Sql sql, Comparison c) {
      switch (this) {
        case METRIC -> {
          double value = SearchSql.number(c, "metric");
          // NaN equals nothing and is neither above nor below anything; PostgreSQL alone would
          // find NaN = NaN and NaN above every number.
          if (c.comparator() == Comparator.NEQ) {
            sql.append("(x.last_is_nan OR x.last_value <> ?)", value);
          } else {
            sql.append(
                "x.last_is_nan = FALSE AND x.last_value " + SearchSql.numericOperator(c) + " ?",
                value);
          }
        }
        case PARAM -> SearchSql.text(sql, "x.param_value", c, "param");
        case TAG -> SearchSql.text(sql, "x.tag_value", c, "tag");
      }
    }
  }

  /**
   * Appends {@code AND <condition>} for each clause of {@code filter} over runs aliased {@code r};
   * returns how many subqueries it wrote.
   */
  static int append(Sql where, SearchFilter filter) {
    return append(where, filter, null);
  }

  /**
   * As {@link #append(Sql, SearchFilter)}, for a statement over the runs {@code onlyRuns} alone: a
   * grouped subquery then reads those runs' rows only, not every run's rows of its keys.
   */
  static int append(Sql where, SearchFilter filter, @Nullable List<String> onlyRuns) {
    Map<KeyedTable, Map<String, List<Comparison>>> byKey = new EnumMap<>(KeyedTable.class);
    int subqueries = 0;
    for (Comparison c : filter.clauses()) {
      switch (c.type()) {
        case ATTRIBUTE -> {
          where.append(" AND ");
          SearchSql.runAttribute(where, c);
        }
        case DATASET -> {
          where.append(" AND ");
          SearchSql.datasetCondition(where, c);
          subqueries++;
        }
        case METRIC, PARAM, TAG ->
            byKey
                .computeIfAbsent(KeyedTable.of(c.type()), t -> new LinkedHashMap<>())
                .computeIfAbsent(c.key(), k -> new ArrayList<>())
                .add(c);
      }
    }
    for (Map.Entry<KeyedTable, Map<String, List<Comparison>>> kind : byKey.entrySet()) {
      KeyedTable t = kind.getKey();
      Map<String, List<Comparison>> keys = kind.getValue();
      if (keys.size() <= KEYS_ONE_BY_ONE) {
        for (Map.Entry<String, List<Comparison>> key : keys.entrySet()) {
          where.append(
              " AND EXISTS (SELECT 1 FROM "
                  + t.table
                  + " x WHERE x.run_uuid = r.run_uuid AND x."
                  + t.keyColumn
                  + " = ?",
              key.getKey());
          conditions(where, t, key.getValue());
          where.append(")");
          subqueries++;
        }
        continue;
      }
      where.append(" AND r.run_uuid IN (SELECT x.run_uuid FROM " + t.table + " x WHERE ");
      if (onlyRuns != null) {
        where.append("x.run_uuid IN (").list(onlyRuns).append(") AND ");
      }
      where.append("x." + t.keyColumn + " IN (").list(keys.keySet()).append(") AND (");
      String or = "";
      for (Map.Entry<String, List<Comparison>> key : keys.entrySet()) {
        where.append(or + "(x." + t.keyColumn + " = ?", key.getKey());
        conditions(where, t, key.getValue());
        where.append(")");
        or = " OR ";
      }
      // One row per (run, key), and a row matches the conditions of its own key only.
      where.append(") GROUP BY x.run_uuid HAVING COUNT(*) = ?)", keys.size());
      subqueries++;
    }
    return subqueries;
  }

  private static void conditions(Sql where, KeyedTable t, List<Comparison> clauses) {
    for (Comparison c : clauses) {
      where.append(" AND ");
      t.condition(where, c);
    }
  }
}
