package io.galley.core.access;

import static java.util.Objects.requireNonNull;

/**
 * A thing permissions are granted on: an experiment by its id, a registered model by its name (a
 * grant follows the model through a rename and goes when the model is deleted).
 */
public record Resource(Kind kind, String id) {
  /** Which kind of thing. */
  public enum Kind {
    EXPERIMENT,
    REGISTERED_MODEL
  }

  public Resource {
    requireNonNull(kind, "kind");
    requireNonNull(id, "id");
  }

  public static Resource experiment(String experimentId) {
    return new Resource(Kind.EXPERIMENT, experimentId);
  }

  public static Resource registeredModel(String name) {
    return new Resource(Kind.REGISTERED_MODEL, name);
  }
}
