package io.galley.serving.model;

import java.util.Locale;
import java.util.Optional;

/** MLflow's column data types ({@code mlflow.types.DataType}), as a signature names them. */
public enum ColumnType {
  BOOLEAN(TensorType.BOOL),
  INTEGER(TensorType.INT32),
  LONG(TensorType.INT64),
  FLOAT(TensorType.FP32),
  DOUBLE(TensorType.FP64),
  STRING(TensorType.BYTES),
  BINARY(TensorType.BYTES),
  DATETIME(TensorType.BYTES);

  private final TensorType tensorType;

  ColumnType(TensorType tensorType) {
    this.tensorType = tensorType;
  }

  /** The Open Inference Protocol datatype a column of this type travels as. */
  public TensorType tensorType() {
    return tensorType;
  }

  /** The name MLflow writes, e.g. {@code double}. */
  public String mlflowName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The type MLflow writes as {@code name}; empty for a name it does not define. */
  public static Optional<ColumnType> ofMlflowName(String name) {
    for (ColumnType t : values()) {
      if (t.mlflowName().equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
