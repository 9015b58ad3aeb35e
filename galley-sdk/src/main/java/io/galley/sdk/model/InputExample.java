package io.galley.sdk.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;

/**
 * A few rows a model accepts, saved with it as MLflow saves a pandas data frame: {@code
 * input_example.json} in the {@code split} orientation ({@code {"columns": [...], "data":
 * [[...]]}}) and {@code serving_input_example.json}, the body a scoring server's {@code
 * /invocations} takes. Values are numbers, strings or booleans (null for a missing value).
 */
public record InputExample(List<String> columns, List<List<Object>> rows) {

  public InputExample {
    columns = List.copyOf(requireNonNull(columns, "columns"));
    if (columns.isEmpty() || new HashSet<>(columns).size() != columns.size()) {
      throw new IllegalArgumentException("columns must be non-empty and distinct: " + columns);
    }
    List<List<Object>> copy = new ArrayList<>();
    for (List<?> row : requireNonNull(rows, "rows")) {
      if (row.size() != columns.size()) {
        throw new IllegalArgumentException(
            "a row has " + row.size() + " values for " + columns.size() + " columns: " + row);
      }
      for (Object v : row) {
        if (v != null && !(v instanceof Number || v instanceof String || v instanceof Boolean)) {
          throw new IllegalArgumentException(
              "values must be numbers, strings or booleans, got " + v.getClass().getName());
        }
      }
      // Null cells are allowed (a missing value), which List.copyOf would refuse.
      copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
    }
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("an input example needs at least one row");
    }
    rows = Collections.unmodifiableList(copy);
  }

  /** An example of the given rows, each with one value per column. */
  public static InputExample of(List<String> columns, List<? extends List<?>> rows) {
    List<List<Object>> copy = new ArrayList<>();
    rows.forEach(r -> copy.add(new ArrayList<>(r)));
    return new InputExample(columns, copy);
  }
}
