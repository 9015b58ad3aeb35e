package io.galley.core.tracing;

import io.galley.core.NotFoundException;
import io.galley.core.blob.Digest;
import io.galley.core.tracking.Page;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Stores traces as MLflow 2.17's SqlAlchemyStore does ({@code start_trace} ... {@code
 * delete_traces}): the info, tags and request metadata of each, and where its data file is. A trace
 * belongs to an experiment, which must exist and be active to start one in.
 */
public interface TraceStore {
  /**
   * Starts a trace IN_PROGRESS with a new request id, and tags it with {@value
   * TraceInfo#ARTIFACT_LOCATION_TAG}: {@code <experiment artifact location>/traces/<request
   * id>/artifacts}.
   */
  TraceInfo startTrace(NewTrace trace);

  /** Ends a trace: status, execution time, and metadata and tags merged over its own. */
  TraceInfo endTrace(TraceEnd end);

  Optional<TraceInfo> findTraceInfo(String requestId);

  /** The trace, or RESOURCE_DOES_NOT_EXIST as MLflow words it. */
  default TraceInfo getTraceInfo(String requestId) {
    return findTraceInfo(requestId).orElseThrow(() -> notFound(requestId));
  }

  Page<TraceInfo> searchTraces(TraceQuery query);

  /** Deletes the traces a deletion names, their tags, metadata and data; returns how many. */
  int deleteTraces(TraceDeletion deletion);

  void setTraceTag(String requestId, String key, String value);

  /** Removes a tag; RESOURCE_DOES_NOT_EXIST when the trace has no tag with that key. */
  void deleteTraceTag(String requestId, String key);

  /** Records where the trace's data file now is (replacing an earlier upload). */
  void setTraceData(String requestId, TraceData data);

  Optional<TraceData> findTraceData(String requestId);

  /** Every blob a trace's data file points to, for the blob collector. */
  void forEachReferencedDigest(Consumer<Digest> action);

  static NotFoundException notFound(String requestId) {
    return new NotFoundException("Trace with request_id '" + requestId + "' not found.");
  }
}
