package io.galley.core.tracing;

import io.galley.core.InvalidRequestException;
import java.util.Map;

/**
 * The sizes MLflow 2.17's trace tables hold ({@code trace_info}, {@code trace_tags}, {@code
 * trace_request_metadata}: request ids of 50 characters, keys of 250, values of 8,000), checked
 * before a store sees a value so that an oversized one is a 400 naming the field, not a database
 * error. Galley adds one bound MLflow leaves to its database: at most {@value #MAX_ENTRIES} tags
 * and as many metadata entries in one request.
 */
public final class TraceLimits {
  public static final int MAX_REQUEST_ID_LENGTH = 50;
  public static final int MAX_KEY_LENGTH = 250;
  public static final int MAX_VALUE_LENGTH = 8000;
  public static final int MAX_ENTRIES = 1000;

  /** How many experiments or request ids one search or deletion may name. */
  public static final int MAX_IDS = 1000;

  private TraceLimits() {}

  static void validateEntries(String field, Map<String, String> entries) {
    if (entries.size() > MAX_ENTRIES) {
      throw new InvalidRequestException(
          "Too many " + field + ": " + entries.size() + " given, at most " + MAX_ENTRIES);
    }
    entries.forEach((k, v) -> validateEntry(field, k, v));
  }

  static void validateEntry(String field, String key, String value) {
    if (key.isEmpty()) {
      throw new InvalidRequestException("Invalid " + field + " key '': it must not be empty");
    }
    if (key.length() > MAX_KEY_LENGTH) {
      throw new InvalidRequestException(
          "Invalid "
              + field
              + " key '"
              + key.substring(0, 50)
              + "...': it has "
              + key.length()
              + " characters, at most "
              + MAX_KEY_LENGTH
              + " are allowed");
    }
    if (value.length() > MAX_VALUE_LENGTH) {
      throw new InvalidRequestException(
          "Invalid "
              + field
              + " value for key '"
              + key
              + "': it has "
              + value.length()
              + " characters, at most "
              + MAX_VALUE_LENGTH
              + " are allowed");
    }
  }

  static void validateTimestamp(String field, long value) {
    if (value < 0) {
      throw new InvalidRequestException(
          "Invalid value " + value + " for parameter '" + field + "': it must not be negative");
    }
  }

  /** A request id that cannot name a stored trace (empty or too long) is simply not found. */
  static boolean isPossibleRequestId(String requestId) {
    return !requestId.isEmpty() && requestId.length() <= MAX_REQUEST_ID_LENGTH;
  }
}
