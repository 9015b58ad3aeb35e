package io.galley.core.tracking;

import static java.util.Objects.requireNonNull;

/** A run parameter: logged once, never changed. */
public record Param(String key, String value) {
  public Param {
    requireNonNull(key, "key");
    requireNonNull(value, "value");
  }
}
