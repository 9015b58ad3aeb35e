package io.galley.core.access;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A run's experiment and what a user was granted on it (their own grant, else their groups' best),
 * found in one lookup: the check every write to a run makes.
 */
public record RunAccess(String experimentId, @Nullable Permission granted) {
  public RunAccess {
    requireNonNull(experimentId, "experimentId");
  }

  public Optional<Permission> grant() {
    return Optional.ofNullable(granted);
  }
}
