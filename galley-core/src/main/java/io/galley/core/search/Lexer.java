package io.galley.core.search;

import io.galley.core.search.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a filter or order-by clause into {@link Token}s. Follows sqlparse's lexing as MLflow uses
 * it: {@code '…'} and {@code "…"} strings in which a doubled quote or a backslash does not end the
 * string, {@code `…`} names, numbers such as {@code -1}, {@code .5} or {@code 1.5E-3}.
 */
final class Lexer {
  private final String source;
  private final String what;
  private final List<Token> tokens = new ArrayList<>();
  private int pos;

  private Lexer(String source, String what) {
    this.source = source;
    this.what = what;
  }

  /** {@code what} names the input in error messages: "filter" or "order_by clause". */
  static List<Token> tokenize(String source, String what) {
    Lexer lexer = new Lexer(source, what);
    lexer.run();
    return lexer.tokens;
  }

  private void run() {
    while (true) {
      while (pos < source.length() && Character.isWhitespace(source.charAt(pos))) {
        pos++;
      }
      if (pos >= source.length()) {
        tokens.add(new Token(Kind.END, "", source.length()));
        return;
      }
      tokens.add(next());
    }
  }

  private Token next() {
    int start = pos;
    char c = source.charAt(pos);
    switch (c) {
      case '\'':
        return quoted(Kind.SINGLE_QUOTED, '\'', true);
      case '"':
        return quoted(Kind.DOUBLE_QUOTED, '"', true);
      case '`':
        return quoted(Kind.BACKTICK, '`', false);
      case '(':
        return single(Kind.LEFT_PAREN);
      case ')':
        return single(Kind.RIGHT_PAREN);
      case ',':
        return single(Kind.COMMA);
      default:
        break;
    }
    if (c == '.' && !(startsNumber(pos + 1) && !followsName(start))) {
      return single(Kind.DOT);
    }
    if (isOperatorChar(c)) {
      while (pos < source.length() && isOperatorChar(source.charAt(pos))) {
        pos++;
      }
      return token(Kind.OPERATOR, start);
    }
    boolean keyPart = followsDot(start);
    boolean negative =
        c == '-' && (startsNumber(pos + 1) || (charAt(pos + 1) == '.' && startsNumber(pos + 2)));
    if (!keyPart && (Character.isDigit(c) || c == '.' || negative)) {
      return number();
    }
    if (isWordChar(source.codePointAt(pos))) {
      while (pos < source.length() && isWordChar(source.codePointAt(pos))) {
        pos += Character.charCount(source.codePointAt(pos));
      }
      return token(Kind.WORD, start);
    }
    throw SearchErrors.at(
        what,
        source,
        start,
        "unexpected character '" + new String(Character.toChars(source.codePointAt(start))) + "'");
  }

  /** {@code -?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?}, not directly followed by a name character. */
  private Token number() {
    int start = pos;
    if (source.charAt(pos) == '-') {
      pos++;
    }
    skipDigits();
    if (pos < source.length() && source.charAt(pos) == '.') {
      pos++;
      skipDigits();
    }
    if (pos < source.length() && (source.charAt(pos) == 'e' || source.charAt(pos) == 'E')) {
      int mark = pos++;
      if (pos < source.length() && (source.charAt(pos) == '-' || source.charAt(pos) == '+')) {
        pos++;
      }
      if (pos < source.length() && Character.isDigit(source.charAt(pos))) {
        skipDigits();
      } else {
        pos = mark;
      }
    }
    if (pos < source.length() && isWordChar(source.codePointAt(pos))) {
      throw SearchErrors.at(
          what, source, start, "malformed number '" + SearchErrors.shorten(wordFrom(start)) + "'");
    }
    return token(Kind.NUMBER, start);
  }

  private Token quoted(Kind kind, char quote, boolean backslashEscapes) {
    int start = pos++;
    while (pos < source.length()) {
      char c = source.charAt(pos);
      if (backslashEscapes && c == '\\' && pos + 1 < source.length()) {
        pos += 2;
      } else if (c == quote && pos + 1 < source.length() && source.charAt(pos + 1) == quote) {
        pos += 2;
      } else if (c == quote) {
        pos++;
        return token(kind, start);
      } else {
        pos++;
      }
    }
    throw SearchErrors.at(what, source, start, "unterminated " + quote + " quote");
  }

  private Token single(Kind kind) {
    pos++;
    return token(kind, pos - 1);
  }

  private Token token(Kind kind, int start) {
    return new Token(kind, source.substring(start, pos), start);
  }

  private void skipDigits() {
    while (pos < source.length() && Character.isDigit(source.charAt(pos))) {
      pos++;
    }
  }

  private String wordFrom(int start) {
    int end = pos;
    while (end < source.length() && isWordChar(source.codePointAt(end))) {
      end += Character.charCount(source.codePointAt(end));
    }
    return source.substring(start, end);
  }

  private char charAt(int at) {
    return at < source.length() ? source.charAt(at) : '\0';
  }

  private boolean startsNumber(int at) {
    return at < source.length() && Character.isDigit(source.charAt(at));
  }

  /** A key part such as {@code 2} in {@code metrics.accuracy.2} is a name, not a number. */
  private boolean followsDot(int at) {
    return !tokens.isEmpty()
        && tokens.get(tokens.size() - 1).is(Kind.DOT)
        && tokens.get(tokens.size() - 1).end() == at;
  }

  private boolean followsName(int at) {
    if (tokens.isEmpty()) {
      return false;
    }
    Token last = tokens.get(tokens.size() - 1);
    return last.end() == at && (last.is(Kind.WORD) || last.isQuoted());
  }

  private static boolean isOperatorChar(char c) {
    return c == '=' || c == '!' || c == '<' || c == '>' || c == '~';
  }

  private static boolean isWordChar(int codePoint) {
    return Character.isLetterOrDigit(codePoint)
        || codePoint == '_'
        || codePoint == '$'
        || codePoint == '#';
  }
}
