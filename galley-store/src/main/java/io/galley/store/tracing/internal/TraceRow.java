package io.galley.store.tracing.internal;

import io.galley.core.tracing.TraceInfo;
import io.galley.core.tracing.TraceStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One {@code trace_info} row, before its tags and metadata are read. */
record TraceRow(
    String requestId,
    long experimentId,
    long timestampMs,
    @Nullable Long executionTimeMs,
    TraceStatus status) {

  /**
   * From the columns {@code request_id, experiment_id, timestamp_ms, execution_time_ms, status}.
   */
  static TraceRow of(ResultSet rs) throws SQLException {
    long execution = rs.getLong(4);
    Long executionTime = rs.wasNull() ? null : execution;
    return new TraceRow(
        rs.getString(1),
        rs.getLong(2),
        rs.getLong(3),
        executionTime,
        TraceStatus.valueOf(rs.getString(5)));
  }

  TraceInfo info(Map<String, String> requestMetadata, Map<String, String> tags) {
    return new TraceInfo(
        requestId,
        Long.toString(experimentId),
        timestampMs,
        executionTimeMs,
        status,
        requestMetadata,
        tags);
  }
}
