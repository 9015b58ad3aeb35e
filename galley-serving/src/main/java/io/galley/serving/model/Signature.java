package io.galley.serving.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** What a model takes and, when known, what it gives, as the {@code signature} in MLmodel. */
public record Signature(Schema inputs, @Nullable Schema outputs) {
  public Signature {
    requireNonNull(inputs, "inputs");
  }

  /**
   * The name of the one output column, when the outputs are exactly one named column (what a
   * classifier's label is called, e.g. {@code species}).
   */
  public Optional<String> soleOutputName() {
    if (outputs instanceof Schema.Columns out && out.columns().size() == 1) {
      return Optional.ofNullable(out.columns().get(0).name());
    }
    return Optional.empty();
  }
}
