package io.galley.core.access;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An API token as stored: whose it is, what it allows and until when. Its secret is shown once,
 * when it is made, and kept only as a hash.
 */
public record ApiToken(
    String id,
    long userId,
    String userName,
    String name,
    TokenScope scope,
    Instant createdAt,
    @Nullable Instant expiresAt,
    @Nullable Instant revokedAt,
    @Nullable TokenReach reach) {
  public ApiToken {
    requireNonNull(id, "id");
    requireNonNull(userName, "userName");
    requireNonNull(name, "name");
    requireNonNull(scope, "scope");
    requireNonNull(createdAt, "createdAt");
  }

  /** A token that is not narrowed. */
  public ApiToken(
      String id,
      long userId,
      String userName,
      String name,
      TokenScope scope,
      Instant createdAt,
      @Nullable Instant expiresAt,
      @Nullable Instant revokedAt) {
    this(id, userId, userName, name, scope, createdAt, expiresAt, revokedAt, null);
  }

  /** Whether the token may be used at {@code now}: not revoked and not expired. */
  public boolean isValidAt(Instant now) {
    return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
  }
}
