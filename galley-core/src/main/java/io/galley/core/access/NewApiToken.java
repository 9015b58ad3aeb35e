package io.galley.core.access;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A token to store: its public id, owner, name, scope, expiry, the hash of its secret and, when it
 * is narrowed, its reach.
 */
public record NewApiToken(
    String id,
    String userName,
    String name,
    TokenScope scope,
    @Nullable Instant expiresAt,
    String secretHash,
    @Nullable TokenReach reach) {
  public NewApiToken {
    requireNonNull(id, "id");
    requireNonNull(userName, "userName");
    AccessLimits.validateTokenName(requireNonNull(name, "name"));
    requireNonNull(scope, "scope");
    requireNonNull(secretHash, "secretHash");
  }

  /** A token its user's permissions alone decide for. */
  public NewApiToken(
      String id,
      String userName,
      String name,
      TokenScope scope,
      @Nullable Instant expiresAt,
      String secretHash) {
    this(id, userName, name, scope, expiresAt, secretHash, null);
  }

  @Override
  public String toString() {
    return "NewApiToken[id=" + id + ", user=" + userName + ", name=" + name + "]";
  }
}
