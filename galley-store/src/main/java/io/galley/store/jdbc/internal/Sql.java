package io.galley.store.jdbc.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * SQL text with its positional arguments, built in order. Values only ever travel as arguments; the
 * text holds nothing that came from a request.
 */
public final class Sql {
  private final StringBuilder text = new StringBuilder();
  private final List<Object> args = new ArrayList<>();

  public Sql append(String sql) {
    text.append(sql);
    return this;
  }

  /** Appends SQL with {@code ?} placeholders and the values for them. */
  public Sql append(String sql, Object... values) {
    text.append(sql);
    args.addAll(List.of(values));
    return this;
  }

  public Sql append(Sql other) {
    text.append(other.text);
    args.addAll(other.args);
    return this;
  }

  /** Appends {@code ?, ?, ?} for the values. */
  public Sql list(Collection<?> values) {
    boolean first = true;
    for (Object v : values) {
      text.append(first ? "?" : ", ?");
      args.add(v);
      first = false;
    }
    return this;
  }

  public boolean isEmpty() {
    return text.length() == 0;
  }

  public String text() {
    return text.toString();
  }

  public <S extends SqlStatement<S>> S bind(S statement) {
    for (int i = 0; i < args.size(); i++) {
      statement.bind(i, args.get(i));
    }
    return statement;
  }

  @Override
  public String toString() {
    return text + " " + args;
  }
}
