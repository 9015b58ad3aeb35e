package io.galley.sdk.model;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One column of a {@link ModelSignature}, as MLflow's {@code ColSpec}: a name (null for an unnamed
 * output), a type, and whether the column must be present.
 */
public record ColumnSpec(@Nullable String name, Type type, boolean required) {

  /** MLflow's column data types ({@code mlflow.types.DataType}), written in lower case. */
  public enum Type {
    BOOLEAN,
    INTEGER,
    LONG,
    FLOAT,
    DOUBLE,
    STRING,
    BINARY,
    DATETIME;

    /** The name MLflow writes, e.g. {@code double}. */
    public String mlflowName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public ColumnSpec {
    requireNonNull(type, "type");
    if (name != null && name.isEmpty()) {
      throw new IllegalArgumentException("a column name must not be empty; use null for none");
    }
  }

  /** A required column named {@code name}. */
  public static ColumnSpec of(String name, Type type) {
    return new ColumnSpec(requireNonNull(name, "name"), type, true);
  }

  /** A required column without a name, as MLflow writes a single unnamed output. */
  public static ColumnSpec unnamed(Type type) {
    return new ColumnSpec(null, type, true);
  }
}
