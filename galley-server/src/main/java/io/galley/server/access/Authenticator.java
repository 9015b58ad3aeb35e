package io.galley.server.access;

import static java.util.Objects.requireNonNull;

import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import io.galley.core.access.ApiToken;
import io.galley.core.access.IdentityStore;
import io.galley.core.access.TokenScope;
import io.galley.core.access.TokenSecrets;
import io.galley.core.access.User;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Who an {@code Authorization} header signs in, as MLflow's clients and Docker send it: {@code
 * Bearer <token>} ({@code MLFLOW_TRACKING_TOKEN}), or {@code Basic} with a user name and either
 * their password ({@code MLFLOW_TRACKING_USERNAME} / {@code _PASSWORD}) or one of their tokens (as
 * {@code docker login} sends one). No header is nobody, not an error: what an anonymous caller may
 * do is the caller's rule. A header that signs in nobody is {@code UNAUTHENTICATED}, with one
 * message whatever was wrong, so that it does not tell a wrong name from a wrong password.
 */
public final class Authenticator {
  /** A signed-in caller: the user, what this sign-in allows, and the token used, if one was. */
  public record Principal(User user, TokenScope scope, @Nullable String tokenId) {
    public Principal {
      requireNonNull(user, "user");
      requireNonNull(scope, "scope");
    }
  }

  private static final String REFUSED =
      "The credentials sign in nobody: a wrong user name, password or token, or a token that"
          + " expired or was revoked";

  private final IdentityStore identities;
  private final Clock clock;

  public Authenticator(IdentityStore identities, Clock clock) {
    this.identities = requireNonNull(identities, "identities");
    this.clock = requireNonNull(clock, "clock");
  }

  /** The caller the header signs in; empty when there is no header. */
  public Optional<Principal> authenticate(@Nullable String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return Optional.empty();
    }
    String header = authorization.strip();
    int space = header.indexOf(' ');
    String scheme = space < 0 ? header : header.substring(0, space);
    String credentials = space < 0 ? "" : header.substring(space + 1).strip();
    return Optional.of(
        switch (scheme.toLowerCase(Locale.ROOT)) {
          case "bearer" -> byToken(credentials, null);
          case "basic" -> byBasic(credentials);
          default ->
              throw new GalleyException(
                  ErrorCode.UNAUTHENTICATED,
                  "Unsupported authorization scheme: send 'Bearer <token>' or HTTP Basic");
        });
  }

  private Principal byBasic(String encoded) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw refused();
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw refused();
    }
    String name = decoded.substring(0, colon);
    String secret = decoded.substring(colon + 1);
    if (TokenSecrets.looksLikeToken(secret)) {
      return byToken(secret, name);
    }
    Optional<User> user = identities.findUser(name);
    String stored = user.isPresent() ? identities.passwordHash(name).orElse(null) : null;
    // Checked even when there is no such user, so that the time taken tells nothing.
    if (!PasswordHashes.matches(secret, stored) || user.isEmpty()) {
      throw refused();
    }
    User u = user.get();
    return new Principal(u, u.admin() ? TokenScope.ADMIN : TokenScope.WRITE, null);
  }

  private Principal byToken(String secret, @Nullable String expectedUser) {
    if (!TokenSecrets.looksLikeToken(secret)) {
      throw refused();
    }
    ApiToken token =
        identities
            .findTokenBySecretHash(TokenSecrets.hash(secret))
            .orElseThrow(Authenticator::refused);
    if (!token.isValidAt(clock.instant())
        || (expectedUser != null && !expectedUser.equals(token.userName()))) {
      throw refused();
    }
    User user = identities.findUser(token.userName()).orElseThrow(Authenticator::refused);
    // A token never allows more than its user may: an admin scope needs an admin.
    TokenScope scope =
        token.scope() == TokenScope.ADMIN && !user.admin() ? TokenScope.WRITE : token.scope();
    return new Principal(user, scope, token.id());
  }

  private static GalleyException refused() {
    return new GalleyException(ErrorCode.UNAUTHENTICATED, REFUSED);
  }
}
