package io.galley.serving.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One tensor of a tensor-based signature, as MLflow's {@code TensorSpec}: a name (null when the
 * model takes one unnamed tensor), a type and a shape where {@code -1} is a dimension of any size.
 */
public record TensorSpec(@Nullable String name, TensorType type, List<Long> shape) {
  public TensorSpec {
    requireNonNull(type, "type");
    shape = List.copyOf(shape);
    for (long d : shape) {
      if (d < -1) {
        throw new IllegalArgumentException("a dimension is -1 (any) or at least 0, got " + d);
      }
    }
  }

  /** How an error names the tensor. */
  public String label() {
    return name == null ? "the input tensor" : "tensor '" + name + "'";
  }

  /** The shape as MLflow prints it, e.g. {@code (-1, 4)}. */
  public String shapeText() {
    return shape.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
  }
}
