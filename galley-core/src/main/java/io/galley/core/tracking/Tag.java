package io.galley.core.tracking;

import static java.util.Objects.requireNonNull;

/** A key/value tag on an experiment, a run or a dataset input. */
public record Tag(String key, String value) {
  public Tag {
    requireNonNull(key, "key");
    requireNonNull(value, "value");
  }
}
