package io.galley.serving.model;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/** What a model takes and, when known, what it gives, as the {@code signature} in MLmodel. */
public record Signature(Schema inputs, @Nullable Schema outputs) {
  public Signature {
    requireNonNull(inputs, "inputs");
  }
}
