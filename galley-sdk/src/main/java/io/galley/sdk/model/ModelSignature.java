package io.galley.sdk.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a model takes and gives, as MLflow's column-based {@code ModelSignature}. {@code outputs} is
 * empty when they are not known; MLflow then reads {@code outputs: null}.
 */
public record ModelSignature(List<ColumnSpec> inputs, List<ColumnSpec> outputs) {

  public ModelSignature {
    inputs = List.copyOf(requireNonNull(inputs, "inputs"));
    outputs = List.copyOf(requireNonNull(outputs, "outputs"));
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("a signature needs at least one input column");
    }
  }
}
