package io.galley.serving.predict;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.serving.model.TensorType;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A request's array as it sent it, before it is checked against a signature: its name (null when
 * sent as the one unnamed input), its shape, its values flat in row-major order, and the datatype
 * the caller declared (the Open Inference Protocol declares one; MLflow's JSON does not).
 */
public record InputArray(
    @Nullable String name, List<Long> shape, List<JsonNode> values, @Nullable TensorType declared) {
  public InputArray {
    shape = List.copyOf(shape);
    values = List.copyOf(values);
  }

  public String shapeText() {
    return shape.stream()
        .map(String::valueOf)
        .collect(java.util.stream.Collectors.joining(", ", "(", ")"));
  }
}
