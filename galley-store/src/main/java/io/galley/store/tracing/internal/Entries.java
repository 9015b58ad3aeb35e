package io.galley.store.tracing.internal;

import io.galley.store.jdbc.internal.Rows;
import io.galley.store.jdbc.internal.Sql;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * A trace's two key-value tables, {@code trace_tags} and {@code trace_request_metadata}: written by
 * key (a key given again replaces its value, as MLflow's merge does) and read for many traces at
 * once.
 */
enum Entries {
  TAGS("trace_tags", "tag_key", "tag_value"),
  METADATA("trace_request_metadata", "metadata_key", "metadata_value");

  private final String table;
  private final String keyColumn;
  private final String valueColumn;

  Entries(String table, String keyColumn, String valueColumn) {
    this.table = table;
    this.keyColumn = keyColumn;
    this.valueColumn = valueColumn;
  }

  /** Replaces or adds these entries; the caller holds the trace's row lock. */
  void put(Handle h, String requestId, Map<String, String> entries) {
    List<String> keys = List.copyOf(entries.keySet());
    for (List<String> chunk : Rows.chunks(keys)) {
      Sql delete =
          new Sql()
              .append(
                  "DELETE FROM " + table + " WHERE request_id = ? AND " + keyColumn + " IN (",
                  requestId)
              .list(chunk)
              .append(")");
      delete.bind(h.createUpdate(delete.text())).execute();
    }
    var batch =
        h.prepareBatch(
            "INSERT INTO "
                + table
                + " (request_id, "
                + keyColumn
                + ", "
                + valueColumn
                + ") VALUES (?, ?, ?)");
    entries.forEach((k, v) -> batch.bind(0, requestId).bind(1, k).bind(2, v).add());
    batch.execute();
  }

  /** The entries of each of these traces, by request id. */
  Map<String, Map<String, String>> read(Handle h, List<String> requestIds) {
    Map<String, Map<String, String>> out = new HashMap<>();
    for (List<String> chunk : Rows.chunks(requestIds)) {
      Rows.forEach(
          h,
          "SELECT request_id, "
              + keyColumn
              + ", "
              + valueColumn
              + " FROM "
              + table
              + " WHERE request_id IN (",
          chunk,
          ")",
          rs ->
              out.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                  .put(rs.getString(2), rs.getString(3)));
    }
    return out;
  }
}
