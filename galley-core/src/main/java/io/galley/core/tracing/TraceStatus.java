package io.galley.core.tracing;

import io.galley.core.InvalidRequestException;

/** A trace's state, as MLflow's {@code TraceStatus} proto enum names and numbers it. */
public enum TraceStatus {
  TRACE_STATUS_UNSPECIFIED(0),
  OK(1),
  ERROR(2),
  IN_PROGRESS(3);

  private final int number;

  TraceStatus(int number) {
    this.number = number;
  }

  public int number() {
    return number;
  }

  /** By name ({@code OK}) or proto number ({@code "1"}), as protobuf's JSON parser takes enums. */
  public static TraceStatus parse(String value) {
    for (TraceStatus s : values()) {
      if (s.name().equals(value) || Integer.toString(s.number).equals(value)) {
        return s;
      }
    }
    throw new InvalidRequestException(
        "Invalid value '"
            + (value.length() > 50 ? value.substring(0, 50) + "..." : value)
            + "' for parameter 'status': expected one of OK, ERROR, IN_PROGRESS,"
            + " TRACE_STATUS_UNSPECIFIED");
  }
}
