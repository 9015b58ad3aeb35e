package io.galley.core.search;

import io.galley.core.InvalidRequestException;

/** Builds the {@link InvalidRequestException}s of the filter and order-by parsers. */
final class SearchErrors {
  /** Filters can be 100 KB long; messages quote at most this much of any input. */
  static final int MAX_QUOTED = 120;

  private SearchErrors() {}

  /**
   * E.g. {@code Invalid filter 'metrics.acc > abc': expected a number after '>' for metrics, at
   * position 14}.
   */
  static InvalidRequestException at(String what, String source, int position, String detail) {
    return new InvalidRequestException(
        "Invalid " + what + " '" + shorten(source) + "': " + detail + ", at position " + position);
  }

  static String shorten(String text) {
    if (text.length() <= MAX_QUOTED) {
      return text;
    }
    return text.substring(0, MAX_QUOTED) + "…(" + text.length() + " characters)";
  }
}
