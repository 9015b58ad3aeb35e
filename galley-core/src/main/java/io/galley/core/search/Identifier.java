package io.galley.core.search;

import io.galley.core.search.Token.Kind;
import org.jspecify.annotations.Nullable;

/**
 * The left-hand side of a comparison or an order-by key, as written: {@code metrics.acc}, {@code
 * tags."mlflow.runName"}, {@code `params`.lr}, {@code tags.mlflow.runName} (everything after the
 * first dot is the key) or a bare {@code start_time} (no prefix: an attribute).
 *
 * @param prefix the entity word before the first dot as written (backticks kept); null if none
 * @param key the key, its quotes removed; verbatim otherwise
 */
record Identifier(@Nullable String prefix, int prefixStart, String key, int keyStart, String text) {

  /** True when the next token can start an identifier. */
  static boolean startsAt(TokenCursor cursor) {
    Token token = cursor.peek();
    return token.is(Kind.WORD) || token.is(Kind.BACKTICK) || token.is(Kind.DOUBLE_QUOTED);
  }

  static Identifier read(TokenCursor cursor) {
    Token head = cursor.next();
    Token dot = cursor.peek();
    if (!dot.is(Kind.DOT) || dot.start() != head.end()) {
      return new Identifier(null, head.start(), head.unquoted(), head.start(), head.text());
    }
    if (head.is(Kind.DOUBLE_QUOTED)) {
      throw cursor.error(head, "unknown entity type " + head.describe());
    }
    cursor.next();
    Token first = cursor.peek();
    if (first.start() != dot.end() || !(first.is(Kind.WORD) || first.isQuoted())) {
      throw cursor.error(
          dot.end(), "expected a key after '" + head.text() + ".', found " + first.describe());
    }
    cursor.next();
    Token last = first;
    if (first.is(Kind.WORD)) {
      // An unquoted key may hold dots (tags.mlflow.runName), as MLflow splits at the first dot.
      while (cursor.peek().is(Kind.DOT)
          && cursor.peek().start() == last.end()
          && cursor.peekNext().is(Kind.WORD)
          && cursor.peekNext().start() == cursor.peek().end()) {
        cursor.next();
        last = cursor.next();
      }
    }
    String key = first.is(Kind.WORD) ? cursor.slice(first.start(), last.end()) : first.unquoted();
    if (key.isEmpty()) {
      throw cursor.error(first, "the key after '" + head.text() + ".' is empty");
    }
    String text = cursor.slice(head.start(), last.end());
    return new Identifier(head.text(), head.start(), key, first.start(), text);
  }
}
