package io.galley.serving.model;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One column of a column-based signature, as MLflow's {@code ColSpec}: a name (null for an unnamed
 * one, matched by position), a type, and whether it must be present. A column that is not required
 * may also hold missing values (null), whatever its type; MLflow lets such a column be absent but
 * fails an integer column with a missing value (mlflow#25593).
 */
public record ColSpec(@Nullable String name, ColumnType type, boolean required) {
  public ColSpec {
    requireNonNull(type, "type");
  }

  /** How an error names the column: its name, or its position among unnamed columns. */
  public String label(int index) {
    return name == null ? "input " + index : "'" + name + "'";
  }
}
