package io.galley.serving.predict;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A request's rows as it sent them, before they are checked against a column-based signature:
 * column names (null for columns sent without names, matched by position), each column's values as
 * JSON nodes (a missing one is {@code null}), and whether the values are text to be parsed (CSV)
 * rather than JSON values.
 */
public record InputTable(
    List<@Nullable String> names, List<JsonNode[]> columns, int rows, boolean textual) {
  public InputTable {
    names = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(names));
    columns = List.copyOf(columns);
    if (names.size() != columns.size()) {
      throw new IllegalArgumentException("one name per column");
    }
    for (JsonNode[] c : columns) {
      if (c.length != rows) {
        throw new IllegalArgumentException("every column has one value per row");
      }
    }
  }
}
