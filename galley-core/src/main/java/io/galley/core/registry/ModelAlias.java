package io.galley.core.registry;

import static java.util.Objects.requireNonNull;

/** A registered model's alias: a movable name for one of its versions. */
public record ModelAlias(String alias, long version) {
  public ModelAlias {
    requireNonNull(alias, "alias");
  }
}
