package io.galley.core.access;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A token to store: its public id, owner, name, scope, expiry and the hash of its secret. */
public record NewApiToken(
    String id,
    String userName,
    String name,
    TokenScope scope,
    @Nullable Instant expiresAt,
    String secretHash) {
  public NewApiToken {
    requireNonNull(id, "id");
    requireNonNull(userName, "userName");
    AccessLimits.validateTokenName(requireNonNull(name, "name"));
    requireNonNull(scope, "scope");
    requireNonNull(secretHash, "secretHash");
  }

  @Override
  public String toString() {
    return "NewApiToken[id=" + id + ", user=" + userName + ", name=" + name + "]";
  }
}
