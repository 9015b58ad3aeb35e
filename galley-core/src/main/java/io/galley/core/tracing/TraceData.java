package io.galley.core.tracing;

import static java.util.Objects.requireNonNull;

import io.galley.core.blob.Digest;

/** Where a trace's data file ({@code traces.json}, its spans) is: a blob and its size. */
public record TraceData(Digest digest, long size) {
  /** The file MLflow's client uploads under the trace's artifact location. */
  public static final String FILE_NAME = "traces.json";

  public TraceData {
    requireNonNull(digest, "digest");
  }
}
