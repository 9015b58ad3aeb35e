package io.galley.core.tracing;

import static java.util.Objects.requireNonNull;

/**
 * What a trace filter or order_by names: an attribute of the trace ({@code timestamp_ms}), one of
 * its tags, or one of its request metadata entries. Attribute names are canonical: {@code
 * timestamp} is {@code timestamp_ms}, {@code execution_time} is {@code execution_time_ms}, and
 * MLflow's {@code name} and {@code run_id} are the tag {@value TraceInfo#TRACE_NAME_TAG} and the
 * metadata {@value TraceInfo#SOURCE_RUN_METADATA}.
 */
public record TraceKey(Kind kind, String name) {
  /** Which part of a trace a key names. */
  public enum Kind {
    ATTRIBUTE,
    TAG,
    REQUEST_METADATA
  }

  public static final String REQUEST_ID = "request_id";
  public static final String EXPERIMENT_ID = "experiment_id";
  public static final String TIMESTAMP_MS = "timestamp_ms";
  public static final String EXECUTION_TIME_MS = "execution_time_ms";
  public static final String STATUS = "status";

  public TraceKey {
    requireNonNull(kind, "kind");
    requireNonNull(name, "name");
  }

  /** Whether the key compares with numbers: the two times. */
  public boolean isNumeric() {
    return kind == Kind.ATTRIBUTE && (name.equals(TIMESTAMP_MS) || name.equals(EXECUTION_TIME_MS));
  }
}
