package io.galley.store.jdbc.internal;

import io.galley.core.InvalidRequestException;
import io.galley.core.search.Comparator;
import io.galley.core.search.Comparison;
import io.galley.core.search.EntityType;
import io.galley.core.search.FilterValue;
import io.galley.core.search.OrderBy;
import io.galley.core.search.SearchFilter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the filter AST and order-by clauses into SQL over the schema. Keys and values are bound as
 * arguments; only column names from the fixed maps below enter the text.
 */
public final class SearchSql {
  static final String DATASET_CONTEXT_TAG = "mlflow.data.context";

  private static final Map<String, String> RUN_TEXT_COLUMNS =
      Map.of(
          "run_id", "r.run_uuid",
          "run_name", "r.name",
          "status", "r.status",
          "user_id", "r.user_id",
          "artifact_uri", "r.artifact_uri",
          "lifecycle_stage", "r.lifecycle_stage");
  private static final Map<String, String> RUN_NUMBER_COLUMNS =
      Map.of(
          "start_time",
          "r.start_time",
          "end_time",
          "r.end_time",
          "experiment_id",
          "r.experiment_id");
  private static final Map<String, String> EXPERIMENT_TEXT_COLUMNS =
      Map.of("name", "e.name", "experiment_id", "CAST(e.experiment_id AS VARCHAR(20))");
  private static final Map<String, String> EXPERIMENT_NUMBER_COLUMNS =
      Map.of("creation_time", "e.creation_time", "last_update_time", "e.last_update_time");
  private static final Map<String, String> EXPERIMENT_ORDER_COLUMNS =
      Map.of(
          "name", "e.name",
          "experiment_id", "e.experiment_id",
          "creation_time", "e.creation_time",
          "last_update_time", "e.last_update_time");

  private SearchSql() {}

  /**
   * Appends {@code AND <condition>} for each clause of a runs filter; runs are aliased {@code r}.
   * Returns how many subqueries it wrote, for {@link Db#planInWrittenOrder}.
   */
  public static int runFilter(Sql where, SearchFilter filter) {
    return RunFilterSql.append(where, filter);
  }

  static void runAttribute(Sql where, Comparison c) {
    String textColumn = RUN_TEXT_COLUMNS.get(c.key());
    if (textColumn != null) {
      text(where, textColumn, c, "attribute");
      return;
    }
    String numberColumn = RUN_NUMBER_COLUMNS.get(c.key());
    if (numberColumn == null) {
      throw new InvalidRequestException("Invalid attribute key '" + c.key() + "' specified.");
    }
    where.append(
        numberColumn + " " + numericOperator(c) + " ?", numberArgument(number(c, "attribute")));
  }

  static void datasetCondition(Sql where, Comparison c) {
    switch (c.key()) {
      case "name", "digest" -> {
        where.append(
            "EXISTS (SELECT 1 FROM run_inputs i JOIN datasets d ON d.dataset_uuid = i.dataset_uuid"
                + " WHERE i.run_uuid = r.run_uuid AND ");
        text(where, c.key().equals("name") ? "d.name" : "d.digest", c, "dataset");
        where.append(")");
      }
      case "context" -> {
        where.append(
            "EXISTS (SELECT 1 FROM run_inputs i JOIN input_tags it ON it.input_uuid = i.input_uuid"
                + " WHERE i.run_uuid = r.run_uuid AND it.tag_key = ? AND ",
            DATASET_CONTEXT_TAG);
        text(where, "it.tag_value", c, "dataset");
        where.append(")");
      }
      default ->
          throw new InvalidRequestException(
              "Invalid dataset key '" + c.key() + "': use name, digest or context");
    }
  }

  /** Appends {@code AND <condition>} for each clause of an experiments filter ({@code e}). */
  public static void experimentFilter(Sql where, SearchFilter filter) {
    for (Comparison c : filter.clauses()) {
      where.append(" AND ");
      if (c.type() == EntityType.TAG) {
        where.append(
            "EXISTS (SELECT 1 FROM experiment_tags t WHERE t.experiment_id = e.experiment_id"
                + " AND t.tag_key = ? AND ",
            c.key());
        text(where, "t.tag_value", c, "tag");
        where.append(")");
      } else if (c.type() == EntityType.ATTRIBUTE) {
        String textColumn = EXPERIMENT_TEXT_COLUMNS.get(c.key());
        String numberColumn = EXPERIMENT_NUMBER_COLUMNS.get(c.key());
        if (textColumn != null) {
          text(where, textColumn, c, "attribute");
        } else if (numberColumn != null) {
          where.append(
              numberColumn + " " + numericOperator(c) + " ?",
              numberArgument(number(c, "attribute")));
        } else {
          throw new InvalidRequestException("Invalid attribute key '" + c.key() + "' specified.");
        }
      } else {
        throw new InvalidRequestException(
            "Invalid entity type '"
                + c.type().name().toLowerCase(java.util.Locale.ROOT)
                + "' for an experiments filter: use attributes or tags");
      }
    }
  }

  /**
   * The plan for the commonest ranked search, "runs whose metric K passes a bound, best K first":
   * when K is the only order key and every clause bounds K with a comparison that a NaN or a
   * missing K fails, every matching run has a numeric K. The page is then read from {@code
   * latest_metrics} alone, in its (experiment_id, metric_key, last_value) index, and only the
   * page's runs are joined, instead of joining every run of the experiment. The order is the
   * general plan's: K, then start time DESC, then run id. Empty when the query has another shape.
   */
  public static Optional<Sql> topRunsByMetric(
      List<Long> experimentIds,
      List<String> stages,
      SearchFilter filter,
      List<OrderBy> orderBy,
      int limit,
      int offset) {
    if (orderBy.size() != 1 || orderBy.get(0).type() != EntityType.METRIC || filter.matchesAll()) {
      return Optional.empty();
    }
    String key = orderBy.get(0).key();
    for (Comparison c : filter.clauses()) {
      if (c.type() != EntityType.METRIC
          || !c.key().equals(key)
          || c.comparator() == Comparator.NEQ) {
        return Optional.empty();
      }
    }
    String dir = orderBy.get(0).ascending() ? " ASC" : " DESC";
    Sql top =
        orderMetricRange(
            new Sql().append("SELECT lm.run_uuid, lm.last_value, lm.run_start_time"),
            experimentIds,
            stages,
            orderBy.get(0));
    for (Comparison c : filter.clauses()) {
      top.append(" AND lm.last_value " + numericOperator(c) + " ?", number(c, "metric"));
    }
    String order =
        " ORDER BY %1$s.last_value" + dir + ", %1$s.run_start_time DESC, %1$s.run_uuid ASC";
    top.append(String.format(order, "lm")).append(" LIMIT ? OFFSET ?", limit, offset);
    return Optional.of(
        new Sql()
            .append("SELECT " + Rows.RUN_COLUMNS + " FROM (")
            .append(top)
            .append(") ranked JOIN runs r ON r.run_uuid = ranked.run_uuid")
            .append(String.format(order, "ranked")));
  }

  /**
   * A statement that answers a row when one of the metric keys {@code filter} compares is held by
   * no run of the experiments, or empty when the filter compares no metric. Every metric clause,
   * {@code !=} included, needs the run to hold the key, so such a filter matches nothing: one index
   * probe per key answers that, where checking the clauses run by run took H2 about 6 s over
   * 100,000 runs for 500 keys no run has.
   */
  public static Optional<Sql> metricKeyNoRunHas(List<Long> experimentIds, SearchFilter filter) {
    Set<String> keys = new LinkedHashSet<>();
    for (Comparison c : filter.clauses()) {
      if (c.type() == EntityType.METRIC) {
        keys.add(c.key());
      }
    }
    if (keys.isEmpty()) {
      return Optional.empty();
    }
    Sql sql = new Sql().append("SELECT k.metric_key FROM (VALUES ");
    String comma = "";
    for (String key : keys) {
      sql.append(comma + "(?)", key);
      comma = ", ";
    }
    return Optional.of(
        sql.append(") k (metric_key) WHERE NOT EXISTS (SELECT 1 FROM latest_metrics lm")
            .append(" WHERE lm.experiment_id IN (")
            .list(experimentIds)
            .append(") AND lm.metric_key = k.metric_key) LIMIT 1"));
  }

  /**
   * The first runs in a search's order that a walk checks the filter on ({@link #runsPassing}),
   * read in one statement; {@code exhaustive} when, should fewer than asked come back, no other run
   * can follow them in that order.
   */
  public record WalkOrder(Sql candidates, boolean exhaustive) {}

  /**
   * How a search walks down its order, or empty when it cannot: ordered by one metric K (the runs
   * with a numeric K, from {@code latest_metrics}; those with a NaN or no K come after them, so not
   * exhaustive), or by start time alone, the default listing included (every run has one, so
   * exhaustive). A filter {@link #topRunsByMetric} takes, or none, is left to those plans.
   */
  public static Optional<WalkOrder> walkOrder(
      List<Long> experimentIds,
      List<String> stages,
      List<OrderBy> orderBy,
      SearchFilter filter,
      int limit) {
    if (filter.matchesAll() || orderBy.size() > 1) {
      return Optional.empty();
    }
    if (orderBy.isEmpty()) {
      return Optional.of(new WalkOrder(byStartTime(experimentIds, stages, false, limit), true));
    }
    OrderBy order = orderBy.get(0);
    if (order.type() == EntityType.METRIC) {
      String dir = order.ascending() ? " ASC" : " DESC";
      Sql sql =
          orderMetricRange(new Sql().append("SELECT lm.run_uuid"), experimentIds, stages, order)
              .append(" ORDER BY lm.last_value" + dir + ", lm.run_start_time DESC, lm.run_uuid ASC")
              .append(" LIMIT ?", limit);
      return Optional.of(new WalkOrder(sql, false));
    }
    if (order.type() == EntityType.ATTRIBUTE && order.key().equals("start_time")) {
      return Optional.of(
          new WalkOrder(byStartTime(experimentIds, stages, order.ascending(), limit), true));
    }
    return Optional.empty();
  }

  /** Runs by start time, then run id, as {@link #runOrder} orders them (start_time is NOT NULL). */
  private static Sql byStartTime(
      List<Long> experimentIds, List<String> stages, boolean ascending, int limit) {
    return new Sql()
        .append("SELECT r.run_uuid FROM runs r WHERE r.experiment_id IN (")
        .list(experimentIds)
        .append(") AND r.lifecycle_stage IN (")
        .list(stages)
        .append(")")
        .append(" ORDER BY r.start_time" + (ascending ? " ASC" : " DESC") + ", r.run_uuid ASC")
        .append(" LIMIT ?", limit);
  }

  /**
   * Appends the runs among {@code runIds} that {@code filter} passes, in no order, to {@code sql},
   * its conditions written as for every search ({@link #runFilter}): one subquery per key, or, for
   * many keys of a kind, one grouped subquery over these runs' rows, which PostgreSQL plans in
   * milliseconds where hundreds of correlated ones took over 30 s and which H2 answers without
   * reading every run's rows of those keys. Returns how many subqueries it wrote.
   */
  public static int runsPassing(Sql sql, List<String> runIds, SearchFilter filter) {
    sql.append("SELECT " + Rows.RUN_COLUMNS + " FROM runs r WHERE r.run_uuid IN (")
        .list(runIds)
        .append(")");
    return RunFilterSql.append(sql, filter, runIds);
  }

  private static Sql orderMetricRange(
      Sql select, List<Long> experimentIds, List<String> stages, OrderBy order) {
    return select
        .append(" FROM latest_metrics lm WHERE lm.experiment_id IN (")
        .list(experimentIds)
        .append(") AND lm.metric_key = ?", order.key())
        .append(" AND lm.run_stage IN (")
        .list(stages)
        .append(") AND lm.last_is_nan = FALSE");
  }

  /**
   * Adds the joins and ORDER BY terms for a runs search: runs that lack the key come last in either
   * direction (as MLflow), NaN metrics just before them; then start_time DESC unless ordered by it,
   * then run id.
   */
  public static String runOrder(Sql joins, List<OrderBy> orderBy) {
    StringBuilder order = new StringBuilder();
    boolean byStartTime = false;
    int n = 0;
    for (OrderBy o : orderBy) {
      String dir = o.ascending() ? " ASC" : " DESC";
      String alias = "o" + n++;
      switch (o.type()) {
        case METRIC -> {
          joins.append(
              " LEFT JOIN latest_metrics "
                  + alias
                  + " ON "
                  + alias
                  + ".run_uuid = r.run_uuid AND "
                  + alias
                  + ".metric_key = ?",
              o.key());
          term(
              order,
              "CASE WHEN "
                  + alias
                  + ".run_uuid IS NULL THEN 2 WHEN "
                  + alias
                  + ".last_is_nan THEN 1 ELSE 0 END");
          term(order, alias + ".last_value" + dir);
        }
        case PARAM -> {
          joins.append(
              " LEFT JOIN params "
                  + alias
                  + " ON "
                  + alias
                  + ".run_uuid = r.run_uuid AND "
                  + alias
                  + ".param_key = ?",
              o.key());
          nullsLast(order, alias + ".param_value", dir);
        }
        case TAG -> {
          joins.append(
              " LEFT JOIN tags "
                  + alias
                  + " ON "
                  + alias
                  + ".run_uuid = r.run_uuid AND "
                  + alias
                  + ".tag_key = ?",
              o.key());
          nullsLast(order, alias + ".tag_value", dir);
        }
        case ATTRIBUTE -> {
          String column = RUN_TEXT_COLUMNS.get(o.key());
          if (column == null) {
            column = RUN_NUMBER_COLUMNS.get(o.key());
          }
          if (column == null) {
            throw new InvalidRequestException("Invalid order_by attribute '" + o.key() + "'");
          }
          byStartTime |= o.key().equals("start_time");
          nullsLast(order, column, dir);
        }
        case DATASET -> throw new InvalidRequestException("Runs cannot be ordered by datasets");
      }
    }
    if (!byStartTime) {
      term(order, "r.start_time DESC");
    }
    term(order, "r.run_uuid ASC");
    return order.toString();
  }

  /** ORDER BY terms for an experiments search; MLflow's default is creation_time DESC. */
  public static String experimentOrder(List<OrderBy> orderBy) {
    StringBuilder order = new StringBuilder();
    boolean byId = false;
    if (orderBy.isEmpty()) {
      term(order, "e.creation_time DESC");
    }
    for (OrderBy o : orderBy) {
      String column =
          o.type() == EntityType.ATTRIBUTE ? EXPERIMENT_ORDER_COLUMNS.get(o.key()) : null;
      if (column == null) {
        throw new InvalidRequestException(
            "Invalid order_by entity '"
                + o.key()
                + "': experiments are ordered by name,"
                + " experiment_id, creation_time or last_update_time");
      }
      byId |= o.key().equals("experiment_id");
      term(order, column + (o.ascending() ? " ASC" : " DESC"));
    }
    if (!byId) {
      term(order, "e.experiment_id ASC");
    }
    return order.toString();
  }

  private static void nullsLast(StringBuilder order, String column, String dir) {
    term(order, "CASE WHEN " + column + " IS NULL THEN 1 ELSE 0 END");
    term(order, column + dir);
  }

  private static void term(StringBuilder order, String term) {
    order.append(order.length() == 0 ? "" : ", ").append(term);
  }

  public static void text(Sql sql, String column, Comparison c, String what) {
    switch (c.comparator()) {
      case EQ -> sql.append(column + " = ?", text(c, what));
      case NEQ -> sql.append(column + " <> ?", text(c, what));
      case LIKE -> sql.append(column + " LIKE ?", pattern(c, what));
      // LOWER on both sides: the same on H2 and PostgreSQL, whatever their ILIKE support.
      case ILIKE -> sql.append("LOWER(" + column + ") LIKE LOWER(?)", pattern(c, what));
      case IN, NOT_IN -> {
        List<String> values = textList(c, what);
        if (values.isEmpty()) {
          sql.append(c.comparator() == Comparator.IN ? "1 = 0" : "1 = 1");
        } else {
          sql.append(column + (c.comparator() == Comparator.IN ? " IN (" : " NOT IN ("))
              .list(values)
              .append(")");
        }
      }
      default ->
          throw new InvalidRequestException(
              "Invalid comparator '"
                  + c.comparator().symbol()
                  + "' for "
                  + what
                  + " '"
                  + c.key()
                  + "': strings compare with =, !=, LIKE, ILIKE, IN or NOT IN");
    }
  }

  /**
   * A LIKE pattern; backslash escapes a wildcard on both databases. A pattern ending in a lone
   * backslash is an error on PostgreSQL and not on H2, so it is refused here for both.
   */
  private static String pattern(Comparison c, String what) {
    String p = text(c, what);
    int trailing = 0;
    for (int i = p.length() - 1; i >= 0 && p.charAt(i) == '\\'; i--) {
      trailing++;
    }
    if (trailing % 2 == 1) {
      throw new InvalidRequestException(
          "Invalid LIKE pattern for "
              + what
              + " '"
              + c.key()
              + "': it ends with the escape"
              + " character '\\'; write '\\\\' for a backslash");
    }
    return p;
  }

  private static String text(Comparison c, String what) {
    if (c.value() instanceof FilterValue.Text t) {
      return t.value();
    }
    throw new InvalidRequestException(
        "Invalid value for " + what + " '" + c.key() + "': expected a quoted string");
  }

  private static List<String> textList(Comparison c, String what) {
    if (c.value() instanceof FilterValue.TextList l) {
      return l.values();
    }
    if (c.value() instanceof FilterValue.Text t) {
      return List.of(t.value());
    }
    throw new InvalidRequestException(
        "Invalid value for " + what + " '" + c.key() + "': expected a list of quoted strings");
  }

  public static double number(Comparison c, String what) {
    if (c.value() instanceof FilterValue.Number n) {
      return n.value();
    }
    if (c.value() instanceof FilterValue.Text t) {
      try {
        return Double.parseDouble(t.value());
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw new InvalidRequestException(
        "Invalid value for " + what + " '" + c.key() + "': expected a number");
  }

  public static Object numberArgument(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 9.0e15) {
      return (long) value;
    }
    return value;
  }

  public static String numericOperator(Comparison c) {
    return switch (c.comparator()) {
      case EQ -> "=";
      case NEQ -> "<>";
      case GT -> ">";
      case GTE -> ">=";
      case LT -> "<";
      case LTE -> "<=";
      default ->
          throw new InvalidRequestException(
              "Invalid comparator '"
                  + c.comparator().symbol()
                  + "' for '"
                  + c.key()
                  + "': numbers compare with =, !=, >, >=, < or <=");
    };
  }
}
