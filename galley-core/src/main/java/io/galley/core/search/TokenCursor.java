package io.galley.core.search;

import io.galley.core.InvalidRequestException;
import java.util.List;

/** Walks the tokens of one input, and builds errors that point into that input. */
final class TokenCursor {
  private final List<Token> tokens;
  private final String source;
  private final String what;
  private int index;

  /** {@code what} names the input in error messages: "filter" or "order_by clause". */
  TokenCursor(String source, String what) {
    this.tokens = Lexer.tokenize(source, what);
    this.source = source;
    this.what = what;
  }

  Token peek() {
    return tokens.get(index);
  }

  Token peekNext() {
    return tokens.get(Math.min(index + 1, tokens.size() - 1));
  }

  Token next() {
    Token token = tokens.get(index);
    if (!token.is(Token.Kind.END)) {
      index++;
    }
    return token;
  }

  boolean acceptKeyword(String keyword) {
    if (peek().isKeyword(keyword)) {
      next();
      return true;
    }
    return false;
  }

  /** The source text between two offsets, e.g. a dotted key made of several tokens. */
  String slice(int start, int end) {
    return source.substring(start, end);
  }

  InvalidRequestException error(int position, String detail) {
    return SearchErrors.at(what, source, position, detail);
  }

  InvalidRequestException error(Token at, String detail) {
    return error(at.start(), detail);
  }

  /** "expected X, found Y" at the next token. */
  InvalidRequestException expected(String expectation) {
    return error(peek(), "expected " + expectation + ", found " + peek().describe());
  }
}
