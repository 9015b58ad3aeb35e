package io.galley.core.search;

/**
 * One lexical token of a filter or order-by clause. {@code text} is the raw lexeme as written
 * (quotes included), {@code start} its 0-based offset in the source.
 */
record Token(Kind kind, String text, int start) {

  enum Kind {
    /** A bare word: a letter, digit, {@code _}, {@code $} or {@code #} run (names, keywords). */
    WORD,
    /** {@code `name`}: a quoted name, never a value. */
    BACKTICK,
    /** {@code 'text'}: a string value, or a quoted key. */
    SINGLE_QUOTED,
    /** {@code "text"}: a string value, or a quoted key. */
    DOUBLE_QUOTED,
    NUMBER,
    /** A run of {@code = ! < >} (and {@code ~}), validated by the parser. */
    OPERATOR,
    DOT,
    COMMA,
    LEFT_PAREN,
    RIGHT_PAREN,
    END
  }

  boolean is(Kind expected) {
    return kind == expected;
  }

  /** True for a bare word spelled {@code keyword}, in any case. */
  boolean isKeyword(String keyword) {
    return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
  }

  boolean isQuoted() {
    return kind == Kind.BACKTICK || kind == Kind.SINGLE_QUOTED || kind == Kind.DOUBLE_QUOTED;
  }

  /**
   * The text between the quotes, verbatim: like MLflow, escapes such as {@code ''} or {@code \'}
   * are kept as written, not decoded.
   */
  String unquoted() {
    return isQuoted() ? text.substring(1, text.length() - 1) : text;
  }

  int end() {
    return start + text.length();
  }

  /** How the token reads in an error message. */
  String describe() {
    return kind == Kind.END ? "the end of the input" : "'" + SearchErrors.shorten(text) + "'";
  }
}
