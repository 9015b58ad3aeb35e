package io.galley.serving.model;

import java.util.List;

/**
 * The inputs (or outputs) of a signature: named or unnamed columns, or tensors, never both, as
 * MLflow's {@code Schema}.
 */
public sealed interface Schema {

  /** Columns; a request's values are converted to each column's type. */
  record Columns(List<ColSpec> columns) implements Schema {
    public Columns {
      columns = List.copyOf(columns);
      if (columns.isEmpty()) {
        throw new IllegalArgumentException("a schema needs at least one column");
      }
      long named = columns.stream().filter(c -> c.name() != null).count();
      if (named != 0 && named != columns.size()) {
        throw new IllegalArgumentException("columns must be all named or all unnamed");
      }
    }

    public boolean named() {
      return columns.get(0).name() != null;
    }
  }

  /** Tensors; a request's arrays must have each tensor's type and shape. */
  record Tensors(List<TensorSpec> tensors) implements Schema {
    public Tensors {
      tensors = List.copyOf(tensors);
      if (tensors.isEmpty()) {
        throw new IllegalArgumentException("a schema needs at least one tensor");
      }
      if (tensors.size() > 1 && tensors.stream().anyMatch(t -> t.name() == null)) {
        throw new IllegalArgumentException("several tensors must all be named");
      }
    }
  }
}
