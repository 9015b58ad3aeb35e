package io.galley.core.access;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A person or a robot that signs in; {@code admin} may manage users, tokens and permissions and do
 * anything else. {@code defaultPermission}, when set, is what they may do where nobody granted them
 * anything; otherwise the server's default applies.
 */
public record User(
    long id,
    String name,
    boolean admin,
    @Nullable Permission defaultPermission,
    Instant createdAt) {
  public User {
    requireNonNull(name, "name");
    requireNonNull(createdAt, "createdAt");
  }

  public Optional<Permission> ownDefault() {
    return Optional.ofNullable(defaultPermission);
  }
}
