package io.galley.core.access;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A person or a robot that signs in; {@code admin} may manage users, tokens and permissions. */
public record User(long id, String name, boolean admin, Instant createdAt) {
  public User {
    requireNonNull(name, "name");
    requireNonNull(createdAt, "createdAt");
  }
}
