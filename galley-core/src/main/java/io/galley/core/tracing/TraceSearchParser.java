package io.galley.core.tracing;

import io.galley.core.InvalidRequestException;
import io.galley.core.search.Comparator;
import io.galley.core.search.FilterParser;
import io.galley.core.search.FilterValue;
import io.galley.core.tracing.TraceKey.Kind;
import io.galley.core.tracing.TraceSearchTokens.Token;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Parses MLflow 2.17's trace search syntax ({@code SearchTraceUtils} in {@code
 * mlflow/utils/search_utils.py}): {@code comparison (AND comparison)*} where a comparison names an
 * attribute ({@code request_id, timestamp_ms, execution_time_ms, status, name, run_id}; {@code
 * timestamp}, {@code execution_time} are aliases; prefix {@code attribute(s).} or {@code trace.}),
 * a tag ({@code tag(s).}) or request metadata ({@code request_metadata.} or {@code metadata.}).
 * Times compare with {@code = != > >= < <=} and numbers; string attributes with {@code = !=} and
 * {@code IN / NOT IN ('a', 'b')}; tags and metadata with {@code =} and {@code !=} only, as MLflow
 * allows no LIKE on traces.
 */
public final class TraceSearchParser {
  private static final Set<Comparator> NUMERIC =
      EnumSet.of(
          Comparator.EQ,
          Comparator.NEQ,
          Comparator.GT,
          Comparator.GTE,
          Comparator.LT,
          Comparator.LTE);
  private static final Set<Comparator> STRING_ATTRIBUTE =
      EnumSet.of(Comparator.EQ, Comparator.NEQ, Comparator.IN, Comparator.NOT_IN);
  private static final Set<Comparator> TAG = EnumSet.of(Comparator.EQ, Comparator.NEQ);

  private static final Map<String, Kind> PREFIXES =
      Map.of(
          "attribute", Kind.ATTRIBUTE,
          "attributes", Kind.ATTRIBUTE,
          "trace", Kind.ATTRIBUTE,
          "tag", Kind.TAG,
          "tags", Kind.TAG,
          "request_metadata", Kind.REQUEST_METADATA,
          "metadata", Kind.REQUEST_METADATA);

  private static final String FILTER_KEYS =
      "request_id, timestamp, timestamp_ms, execution_time, execution_time_ms, status, name,"
          + " run_id";
  private static final String ORDER_KEYS = "experiment_id, " + FILTER_KEYS;

  private final List<Token> tokens;
  private final String input;
  private final String what;
  private int listValues;
  private int next;

  private TraceSearchParser(String input, String what) {
    this.input = input;
    this.what = what;
    this.tokens = TraceSearchTokens.of(input, what);
  }

  /** A null or blank filter matches every trace. */
  public static List<TraceCondition> parseFilter(@Nullable String filter) {
    if (filter == null || filter.isBlank()) {
      return List.of();
    }
    return new TraceSearchParser(filter, "filter").conditions();
  }

  /** order_by clauses such as {@code timestamp_ms DESC}, {@code tags.env}, {@code status ASC}. */
  public static List<TraceOrder> parseOrderBy(List<String> clauses) {
    List<TraceOrder> orders = new ArrayList<>();
    for (String clause : clauses) {
      if (clause == null || clause.isBlank()) {
        throw new InvalidRequestException("Invalid order_by clause '" + clause + "': it is empty");
      }
      orders.add(new TraceSearchParser(clause, "order_by clause").order());
    }
    return List.copyOf(orders);
  }

  private List<TraceCondition> conditions() {
    List<TraceCondition> out = new ArrayList<>();
    out.add(condition());
    while (peek().isWord("AND")) {
      next++;
      // The bounds of a runs filter, for the same reason: each clause is a subquery per trace.
      if (out.size() == FilterParser.MAX_CLAUSES) {
        throw new InvalidRequestException(
            "A filter may have at most " + FilterParser.MAX_CLAUSES + " clauses joined by AND");
      }
      out.add(condition());
    }
    if (peek().isWord("OR")) {
      throw error(peek(), "OR is not supported, only AND");
    }
    expectEnd("AND or the end of the filter");
    return List.copyOf(out);
  }

  private TraceOrder order() {
    TraceKey key = key(take(), true);
    boolean ascending = true;
    if (peek().isWord("DESC")) {
      ascending = false;
      next++;
    } else if (peek().isWord("ASC")) {
      next++;
    }
    expectEnd("ASC, DESC or the end of the clause");
    return new TraceOrder(key, ascending);
  }

  private TraceCondition condition() {
    Token identifier = take();
    TraceKey key = key(identifier, false);
    Token operator = take();
    Comparator comparator = comparator(operator);
    // name and run_id are a tag and a metadata entry, but compare as the attributes they are.
    boolean attribute = identifier.prefix().isEmpty() || kindOf(identifier) == Kind.ATTRIBUTE;
    Set<Comparator> valid = key.isNumeric() ? NUMERIC : attribute ? STRING_ATTRIBUTE : TAG;
    if (!valid.contains(comparator)) {
      throw error(
          operator,
          "comparator '"
              + comparator.symbol()
              + "' is not valid for "
              + describe(key)
              + " (expected one of "
              + String.join(", ", valid.stream().map(Comparator::symbol).toList())
              + ")");
    }
    return new TraceCondition(key, comparator, value(key, comparator));
  }

  private FilterValue value(TraceKey key, Comparator comparator) {
    Token v = take();
    if (comparator == Comparator.IN || comparator == Comparator.NOT_IN) {
      if (v.kind() != TraceSearchTokens.Kind.OPEN) {
        throw error(v, "expected a list such as ('a', 'b') after " + comparator.symbol());
      }
      List<String> values = new ArrayList<>();
      do {
        Token item = take();
        if (item.kind() != TraceSearchTokens.Kind.STRING) {
          throw error(item, "expected a quoted string in the list");
        }
        if (++listValues > FilterParser.MAX_LIST_VALUES) {
          throw new InvalidRequestException(
              "A filter's lists may hold at most "
                  + FilterParser.MAX_LIST_VALUES
                  + " values in all");
        }
        values.add(item.text());
      } while (take().kind() == TraceSearchTokens.Kind.COMMA);
      Token close = tokens.get(next - 1);
      if (close.kind() != TraceSearchTokens.Kind.CLOSE) {
        throw error(close, "expected ',' or ')' in the list");
      }
      return new FilterValue.TextList(values);
    }
    if (key.isNumeric()) {
      if (v.kind() != TraceSearchTokens.Kind.NUMBER) {
        throw error(v, "expected a number for " + describe(key));
      }
      try {
        return new FilterValue.Number(Double.parseDouble(v.text()));
      } catch (NumberFormatException e) {
        throw error(v, "'" + v.text() + "' is not a number");
      }
    }
    if (v.kind() != TraceSearchTokens.Kind.STRING) {
      throw error(v, "expected a quoted string for " + describe(key));
    }
    return new FilterValue.Text(v.text());
  }

  private Comparator comparator(Token token) {
    if (token.kind() == TraceSearchTokens.Kind.OPERATOR) {
      for (Comparator c : Comparator.values()) {
        if (c.symbol().equals(token.text())) {
          return c;
        }
      }
    }
    if (token.isWord("IN")) {
      return Comparator.IN;
    }
    if (token.isWord("LIKE")) {
      return Comparator.LIKE;
    }
    if (token.isWord("ILIKE")) {
      return Comparator.ILIKE;
    }
    if (token.isWord("NOT") && peek().isWord("IN")) {
      next++;
      return Comparator.NOT_IN;
    }
    throw error(token, "expected a comparator such as = or !=");
  }

  private TraceKey key(Token token, boolean orderBy) {
    if (token.kind() != TraceSearchTokens.Kind.IDENTIFIER) {
      throw error(token, "expected a key such as timestamp_ms, status or tags.<name>");
    }
    Kind kind = kindOf(token);
    if (kind != Kind.ATTRIBUTE) {
      return new TraceKey(kind, token.text());
    }
    String name = token.text();
    return switch (name) {
      case "request_id", "timestamp_ms", "execution_time_ms", "status" ->
          new TraceKey(Kind.ATTRIBUTE, name);
      case "timestamp" -> new TraceKey(Kind.ATTRIBUTE, TraceKey.TIMESTAMP_MS);
      case "execution_time" -> new TraceKey(Kind.ATTRIBUTE, TraceKey.EXECUTION_TIME_MS);
      case "name" -> new TraceKey(Kind.TAG, TraceInfo.TRACE_NAME_TAG);
      case "run_id" -> new TraceKey(Kind.REQUEST_METADATA, TraceInfo.SOURCE_RUN_METADATA);
      case "experiment_id" -> {
        if (!orderBy) {
          throw invalidAttribute(token, FILTER_KEYS);
        }
        yield new TraceKey(Kind.ATTRIBUTE, name);
      }
      default -> throw invalidAttribute(token, orderBy ? ORDER_KEYS : FILTER_KEYS);
    };
  }

  private Kind kindOf(Token identifier) {
    if (identifier.prefix().isEmpty()) {
      return Kind.ATTRIBUTE;
    }
    String prefix = stripBackticks(identifier.prefix());
    Kind kind = PREFIXES.get(prefix);
    if (kind == null) {
      throw error(
          identifier,
          "invalid entity type '"
              + prefix
              + "' (expected attribute(s), trace, tag(s), request_metadata or metadata)");
    }
    return kind;
  }

  private InvalidRequestException invalidAttribute(Token token, String valid) {
    String shown =
        token.text().length() > 50 ? token.text().substring(0, 50) + "..." : token.text();
    return error(token, "invalid attribute key '" + shown + "' (expected one of " + valid + ")");
  }

  private static String describe(TraceKey key) {
    return switch (key.kind()) {
      case ATTRIBUTE -> "attribute '" + key.name() + "'";
      case TAG -> "tags";
      case REQUEST_METADATA -> "request_metadata";
    };
  }

  private static String stripBackticks(String s) {
    return s.length() >= 2 && s.startsWith("`") && s.endsWith("`")
        ? s.substring(1, s.length() - 1)
        : s;
  }

  private Token peek() {
    return tokens.get(next);
  }

  private Token take() {
    Token t = tokens.get(next);
    if (t.kind() != TraceSearchTokens.Kind.END) {
      next++;
    }
    return t;
  }

  private void expectEnd(String expected) {
    if (peek().kind() != TraceSearchTokens.Kind.END) {
      throw error(peek(), "expected " + expected);
    }
  }

  private InvalidRequestException error(Token at, String problem) {
    String found =
        at.kind() == TraceSearchTokens.Kind.END
            ? "the end"
            : "'"
                + (at.text().length() > 50 ? at.text().substring(0, 50) + "..." : at.text())
                + "'";
    return TraceSearchTokens.error(input, what, at.at(), problem + ", found " + found);
  }
}
