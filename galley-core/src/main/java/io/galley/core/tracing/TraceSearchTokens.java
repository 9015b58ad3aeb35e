package io.galley.core.tracing;

import io.galley.core.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a trace filter or order_by clause into tokens: identifiers ({@code tags.a.b}, {@code
 * tags."x y"}, {@code metadata.`k`}), quoted strings, numbers, comparators, parentheses and commas.
 */
final class TraceSearchTokens {
  enum Kind {
    IDENTIFIER,
    STRING,
    NUMBER,
    OPERATOR,
    OPEN,
    CLOSE,
    COMMA,
    END
  }

  /**
   * One token; {@code prefix} is the part of an identifier before its first dot (null if none),
   * {@code text} the identifier's key, a string's content, a number or an operator as written.
   */
  record Token(Kind kind, String text, String prefix, int at) {
    boolean isWord(String word) {
      return kind == Kind.IDENTIFIER && prefix.isEmpty() && text.equalsIgnoreCase(word);
    }
  }

  private final String input;
  private final String what;
  private int pos;

  private TraceSearchTokens(String input, String what) {
    this.input = input;
    this.what = what;
  }

  static List<Token> of(String input, String what) {
    TraceSearchTokens lexer = new TraceSearchTokens(input, what);
    List<Token> tokens = new ArrayList<>();
    Token t;
    do {
      t = lexer.next();
      tokens.add(t);
    } while (t.kind() != Kind.END);
    return tokens;
  }

  InvalidRequestException error(int at, String problem) {
    return error(input, what, at, problem);
  }

  static InvalidRequestException error(String input, String what, int at, String problem) {
    String shown = input.length() > 200 ? input.substring(0, 200) + "..." : input;
    return new InvalidRequestException(
        "Invalid " + what + " '" + shown + "' at position " + at + ": " + problem);
  }

  private Token next() {
    while (pos < input.length() && Character.isWhitespace(input.charAt(pos))) {
      pos++;
    }
    int start = pos;
    if (pos >= input.length()) {
      return new Token(Kind.END, "", "", pos);
    }
    char c = input.charAt(pos);
    if (c == '\'' || c == '"') {
      return new Token(Kind.STRING, quoted(c), "", start);
    }
    if (c == '`') {
      return new Token(Kind.IDENTIFIER, quoted(c), "", start);
    }
    if (Character.isDigit(c) || (c == '-' && pos + 1 < input.length() && isDigitAt(pos + 1))) {
      return number(start);
    }
    if (isWordChar(c)) {
      return identifier(start);
    }
    switch (c) {
      case '(':
        pos++;
        return new Token(Kind.OPEN, "(", "", start);
      case ')':
        pos++;
        return new Token(Kind.CLOSE, ")", "", start);
      case ',':
        pos++;
        return new Token(Kind.COMMA, ",", "", start);
      default:
        return operator(start);
    }
  }

  private Token operator(int start) {
    for (String op : List.of("!=", "<>", ">=", "<=", "=", ">", "<")) {
      if (input.startsWith(op, pos)) {
        pos += op.length();
        return new Token(Kind.OPERATOR, op.equals("<>") ? "!=" : op, "", start);
      }
    }
    throw error(start, "unexpected character '" + input.charAt(pos) + "'");
  }

  private Token identifier(int start) {
    while (pos < input.length() && (isWordChar(input.charAt(pos)) || input.charAt(pos) == '.')) {
      pos++;
    }
    String word = input.substring(start, pos);
    int dot = word.indexOf('.');
    if (dot < 0) {
      return new Token(Kind.IDENTIFIER, word, "", start);
    }
    String prefix = word.substring(0, dot);
    String key = word.substring(dot + 1);
    if (key.isEmpty() && pos < input.length() && "'\"`".indexOf(input.charAt(pos)) >= 0) {
      key = quoted(input.charAt(pos));
    }
    if (key.isEmpty()) {
      throw error(start, "the key after '" + prefix + ".' is empty");
    }
    return new Token(Kind.IDENTIFIER, key, prefix, start);
  }

  private Token number(int start) {
    pos++;
    while (pos < input.length()
        && (isDigitAt(pos) || ".eE+-".indexOf(input.charAt(pos)) >= 0)
        && !(input.charAt(pos) == '-' && !isExponent(pos - 1))
        && !(input.charAt(pos) == '+' && !isExponent(pos - 1))) {
      pos++;
    }
    return new Token(Kind.NUMBER, input.substring(start, pos), "", start);
  }

  private boolean isExponent(int at) {
    return input.charAt(at) == 'e' || input.charAt(at) == 'E';
  }

  private String quoted(char quote) {
    int start = pos;
    int end = input.indexOf(quote, pos + 1);
    if (end < 0) {
      throw error(start, "the quote " + quote + " is never closed");
    }
    pos = end + 1;
    return input.substring(start + 1, end);
  }

  private boolean isDigitAt(int at) {
    return Character.isDigit(input.charAt(at));
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
