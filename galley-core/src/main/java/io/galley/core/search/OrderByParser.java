package io.galley.core.search;

import static java.util.Objects.requireNonNull;

import io.galley.core.InvalidRequestException;
import io.galley.core.search.KeyResolver.Key;
import io.galley.core.search.Token.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Parses MLflow's {@code order_by} clauses, e.g. {@code metrics.acc DESC}, {@code params.lr},
 * {@code attributes.start_time ASC}, {@code tags.`x y`}: one identifier (as in filters) and an
 * optional {@code ASC} (the default) or {@code DESC}, in any case.
 *
 * <p>As in MLflow 2.17: runs order by metrics, params, tags and the attributes {@code run_id,
 * run_name, status, user_id, artifact_uri, start_time, end_time} (and {@code created}); a clause
 * with leading or trailing blanks is refused, and so is a key named twice. Experiments order by the
 * attributes {@code name, experiment_id, creation_time, last_update_time} only; registered models
 * by {@code name, creation_timestamp, last_updated_timestamp} (and {@code timestamp}, the last);
 * model versions by {@code name, version_number, creation_timestamp, last_updated_timestamp}. The
 * registry's searches refuse a key named twice too ("order_by contains duplicate fields").
 */
public final class OrderByParser {
  private static final String WHAT = "order_by clause";

  private OrderByParser() {}

  /** A null or empty list means no ordering beyond the store's default. */
  public static List<OrderBy> parse(@Nullable List<String> clauses, SearchTarget target) {
    requireNonNull(target, "target");
    if (clauses == null) {
      return List.of();
    }
    List<OrderBy> orders = new ArrayList<>();
    Set<Key> seen = new HashSet<>();
    for (String clause : clauses) {
      OrderBy order = clause(clause, target);
      Key key = new Key(order.type(), order.key());
      if (target != SearchTarget.EXPERIMENTS && !seen.add(key)) {
        throw new InvalidRequestException(
            "Invalid order_by "
                + SearchErrors.shorten(clauses.toString())
                + ": "
                + (key.type() == EntityType.ATTRIBUTE
                    ? key.describe()
                    : key.describe() + " '" + SearchErrors.shorten(key.name()) + "'")
                + " appears twice");
      }
      orders.add(order);
    }
    return List.copyOf(orders);
  }

  private static OrderBy clause(@Nullable String clause, SearchTarget target) {
    if (clause == null || clause.isBlank()) {
      throw new InvalidRequestException(
          "Invalid order_by clause '" + (clause == null ? "null" : clause) + "': it is empty");
    }
    if (!clause.strip().equals(clause)) {
      // MLflow refuses these too ("Invalid order_by clause ... Could not be parsed").
      throw SearchErrors.at(WHAT, clause, 0, "leading or trailing blanks are not allowed");
    }
    TokenCursor cursor = new TokenCursor(clause, WHAT);
    if (!Identifier.startsAt(cursor)) {
      throw cursor.expected("a key such as metrics.acc or attributes.start_time");
    }
    Identifier id = Identifier.read(cursor);
    Key key = KeyResolver.resolve(id, target, true, cursor);
    boolean orderable =
        target == SearchTarget.RUNS
            ? key.type() != EntityType.DATASET
            : key.type() == EntityType.ATTRIBUTE;
    if (!orderable) {
      throw cursor.error(id.prefixStart(), "cannot order by " + key.describe());
    }
    boolean ascending = true;
    Token direction = cursor.peek();
    if (direction.isKeyword("DESC")) {
      ascending = false;
      cursor.next();
    } else if (direction.isKeyword("ASC")) {
      cursor.next();
    } else if (!direction.is(Kind.END)) {
      throw cursor.expected("ASC, DESC or the end of the clause");
    }
    if (!cursor.peek().is(Kind.END)) {
      throw cursor.expected("the end of the clause");
    }
    return new OrderBy(key.type(), key.name(), ascending);
  }
}
