package io.galley.serving.v2;

import io.galley.serving.predict.InputArray;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An Open Inference Protocol request: its id (echoed), its named input tensors, and the outputs
 * asked for (null for all).
 */
public record InferRequest(
    @Nullable String id, List<InputArray> inputs, @Nullable List<String> outputs) {
  public InferRequest {
    inputs = List.copyOf(inputs);
    outputs = outputs == null ? null : List.copyOf(outputs);
  }
}
