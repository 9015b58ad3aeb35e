package io.galley.core.search;

import static java.util.Objects.requireNonNull;

import io.galley.core.InvalidRequestException;
import io.galley.core.search.KeyResolver.Key;
import io.galley.core.search.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Parses MLflow's filter grammar into a {@link SearchFilter}, accepting what MLflow 2.17 accepts:
 *
 * <pre>
 * filter     := comparison (AND comparison)*
 * comparison := identifier comparator value
 * identifier := [prefix '.'] key        e.g. metrics.acc, tags."mlflow.runName", `params`.lr, status
 * comparator := = | != | &gt; | &gt;= | &lt; | &lt;= | LIKE | ILIKE | IN | NOT IN
 * value      := 'text' | "text" | number | '(' 'text' (',' 'text')* ')'
 * </pre>
 *
 * Keywords are case-insensitive; entity prefixes and keys are not. Which comparators and values a
 * key takes depends on its entity and the {@link SearchTarget} (see {@code SearchKeys}). Values are
 * carried verbatim: the store binds them as parameters. Any malformed input raises {@link
 * io.galley.core.InvalidRequestException}.
 */
public final class FilterParser {
  /**
   * Galley's bounds; MLflow's server sets none. Each clause and list value is a bound parameter of
   * one SQL statement, and PostgreSQL's protocol carries at most 32,767 of them: a filter past that
   * would fail in the store instead of being refused here.
   */
  public static final int MAX_CLAUSES = 1000;

  public static final int MAX_LIST_VALUES = 10_000;

  private final TokenCursor cursor;
  private int listValues;
  private final SearchTarget target;

  private FilterParser(String filter, SearchTarget target) {
    this.cursor = new TokenCursor(filter, "filter");
    this.target = target;
  }

  /** A null or blank filter matches everything. */
  public static SearchFilter parse(@Nullable String filter, SearchTarget target) {
    requireNonNull(target, "target");
    if (filter == null || filter.isBlank()) {
      return SearchFilter.MATCH_ALL;
    }
    return new FilterParser(filter, target).filter();
  }

  private SearchFilter filter() {
    List<Comparison> clauses = new ArrayList<>();
    clauses.add(comparison());
    while (cursor.acceptKeyword("AND")) {
      if (clauses.size() == MAX_CLAUSES) {
        throw new InvalidRequestException(
            "A filter may have at most " + MAX_CLAUSES + " clauses joined by AND");
      }
      clauses.add(comparison());
    }
    if (cursor.peek().isKeyword("OR")) {
      throw cursor.error(cursor.peek(), "OR is not supported, only AND");
    }
    if (!cursor.peek().is(Kind.END)) {
      throw cursor.expected("AND or the end of the filter");
    }
    return new SearchFilter(clauses);
  }

  private Comparison comparison() {
    if (!Identifier.startsAt(cursor)) {
      throw cursor.expected("an identifier such as metrics.acc, params.lr or attributes.status");
    }
    Identifier id = Identifier.read(cursor);
    Key key = KeyResolver.resolve(id, target, false, cursor);
    Token operator = cursor.peek();
    Comparator comparator = comparator(id);
    Set<Comparator> valid = SearchKeys.comparators(key.type(), key.name(), target);
    if (!valid.contains(comparator)) {
      throw cursor.error(
          operator,
          "comparator '"
              + comparator.symbol()
              + "' is not valid for "
              + key.describe()
              + " (expected one of "
              + symbols(valid)
              + ")");
    }
    FilterValue value = value(key, comparator);
    return new Comparison(key.type(), key.name(), comparator, value);
  }

  private Comparator comparator(Identifier id) {
    Token token = cursor.peek();
    Comparator comparator = null;
    if (token.is(Kind.OPERATOR)) {
      comparator =
          switch (token.text()) {
            case "=" -> Comparator.EQ;
            case "!=" -> Comparator.NEQ;
            case ">" -> Comparator.GT;
            case ">=" -> Comparator.GTE;
            case "<" -> Comparator.LT;
            case "<=" -> Comparator.LTE;
            default -> null;
          };
    } else if (token.isKeyword("LIKE")) {
      comparator = Comparator.LIKE;
    } else if (token.isKeyword("ILIKE")) {
      comparator = Comparator.ILIKE;
    } else if (token.isKeyword("IN")) {
      comparator = Comparator.IN;
    } else if (token.isKeyword("NOT") && cursor.peekNext().isKeyword("IN")) {
      cursor.next();
      comparator = Comparator.NOT_IN;
    }
    if (comparator == null) {
      throw cursor.expected(
          "a comparator (= != > >= < <= LIKE ILIKE IN NOT IN) after '"
              + SearchErrors.shorten(id.text())
              + "'");
    }
    cursor.next();
    return comparator;
  }

  private FilterValue value(Key key, Comparator comparator) {
    String after = " after '" + comparator.symbol() + "' for " + key.describe();
    if (comparator == Comparator.IN || comparator == Comparator.NOT_IN) {
      return list(after);
    }
    Token token = cursor.peek();
    if (SearchKeys.isNumeric(key.type(), key.name(), target)) {
      if (!token.is(Kind.NUMBER)) {
        throw cursor.error(token, "expected a number" + after);
      }
      cursor.next();
      return new FilterValue.Number(Double.parseDouble(token.text()));
    }
    if (!token.is(Kind.SINGLE_QUOTED) && !token.is(Kind.DOUBLE_QUOTED)) {
      throw cursor.error(token, "expected a quoted string such as 'value'" + after);
    }
    cursor.next();
    return new FilterValue.Text(token.unquoted());
  }

  /** {@code ('a', 'b')}: MLflow's lists hold single-quoted strings only, at least one. */
  private FilterValue list(String after) {
    String expectation = "a list of single-quoted strings such as ('a', 'b')" + after;
    if (!cursor.peek().is(Kind.LEFT_PAREN)) {
      throw cursor.expected(expectation);
    }
    cursor.next();
    List<String> values = new ArrayList<>();
    while (true) {
      Token item = cursor.peek();
      if (!item.is(Kind.SINGLE_QUOTED)) {
        throw cursor.expected(
            values.isEmpty() && item.is(Kind.RIGHT_PAREN)
                ? "a non-empty list" + after
                : "a single-quoted string in the list" + after);
      }
      if (++listValues > MAX_LIST_VALUES) {
        throw new InvalidRequestException(
            "A filter's lists may hold at most " + MAX_LIST_VALUES + " values in all");
      }
      values.add(cursor.next().unquoted());
      if (!cursor.peek().is(Kind.COMMA)) {
        break;
      }
      cursor.next();
    }
    if (!cursor.peek().is(Kind.RIGHT_PAREN)) {
      throw cursor.expected("',' or ')' in the list" + after);
    }
    cursor.next();
    return new FilterValue.TextList(values);
  }

  static String symbols(Set<Comparator> comparators) {
    return comparators.stream().map(Comparator::symbol).collect(Collectors.joining(", "));
  }
}
