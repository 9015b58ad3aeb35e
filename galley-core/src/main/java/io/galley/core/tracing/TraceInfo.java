package io.galley.core.tracing;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What is stored of one trace (MLflow's {@code TraceInfo}): its id, experiment, start time,
 * duration once ended, status, request metadata and tags. The spans are not here: they live in the
 * trace's data file ({@code traces.json}) under the artifact location its tag {@value
 * #ARTIFACT_LOCATION_TAG} names.
 *
 * @param executionTimeMs null until the trace has ended
 */
public record TraceInfo(
    String requestId,
    String experimentId,
    long timestampMs,
    @Nullable Long executionTimeMs,
    TraceStatus status,
    Map<String, String> requestMetadata,
    Map<String, String> tags) {
  /** The tag MLflow's client reads to find where to upload and download the trace's data. */
  public static final String ARTIFACT_LOCATION_TAG = "mlflow.artifactLocation";

  /** The request metadata key that links a trace to the run it was made in. */
  public static final String SOURCE_RUN_METADATA = "mlflow.sourceRun";

  /** The tag holding the trace's name (its root span's). */
  public static final String TRACE_NAME_TAG = "mlflow.traceName";

  public TraceInfo {
    requireNonNull(requestId, "requestId");
    requireNonNull(experimentId, "experimentId");
    requireNonNull(status, "status");
    requestMetadata = sorted(requestMetadata);
    tags = sorted(tags);
  }

  /** The run this trace was made in, from its {@value #SOURCE_RUN_METADATA} metadata. */
  public Optional<String> sourceRunId() {
    return Optional.ofNullable(requestMetadata.get(SOURCE_RUN_METADATA));
  }

  static Map<String, String> sorted(Map<String, String> map) {
    return Collections.unmodifiableMap(new TreeMap<>(requireNonNull(map, "map")));
  }
}
