package io.galley.server.access;

import static java.util.Objects.requireNonNull;

import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import io.galley.core.access.ApiToken;
import io.galley.core.access.IdentityStore;
import io.galley.core.access.TokenReach;
import io.galley.core.access.TokenScope;
import io.galley.core.access.TokenSecrets;
import io.galley.core.access.User;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
  /**
   * A signed-in caller: the user, what this sign-in allows, and the token used (with its expiry
   * and, when it is narrowed, its reach), if one was.
   */
  public record Principal(
      User user,
      TokenScope scope,
      @Nullable String tokenId,
      @Nullable Instant expiresAt,
      @Nullable TokenReach reach) {
    public Principal {
      requireNonNull(user, "user");
      requireNonNull(scope, "scope");
    }
  }

  private static final String REFUSED =
      "The credentials sign in nobody: a wrong user name, password or token, or a token that"
          + " expired or was revoked";

  private static final Duration REMEMBER = Duration.ofMinutes(5);
  private static final int MAX_REMEMBERED = 10_000;

  private record Verified(String passwordHash, Instant until) {}

  /** How long a sign-in is kept: a token revoked on another server stops within it. */
  static final Duration KEEP_SIGN_IN = Duration.ofSeconds(10);

  private final IdentityStore identities;
  private final Clock clock;
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();
  private final ExpiringCache<String, Principal> signedIn;

  public Authenticator(IdentityStore identities, Clock clock) {
    this.identities = requireNonNull(identities, "identities");
    this.clock = requireNonNull(clock, "clock");
    this.signedIn = new ExpiringCache<>(KEEP_SIGN_IN, MAX_REMEMBERED, clock);
  }

  /**
   * Forgets the sign-ins kept: after a change to users, tokens or permissions made through this
   * server, so that it applies to the next request.
   */
  public void forgetSignIns() {
    signedIn.clear();
  }

  /**
   * The caller the header signs in; empty when there is no header. A header that signed someone in
   * is kept for {@link #KEEP_SIGN_IN} (by its SHA-256, never in clear), within the token's expiry,
   * so a client sending one request after another pays no lookup for each.
   */
  public Optional<Principal> authenticate(@Nullable String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return Optional.empty();
    }
    String header = authorization.strip();
    String key = TokenSecrets.hash(header);
    Optional<Principal> kept = signedIn.find(key);
    if (kept.isPresent()) {
      return kept;
    }
    Principal principal = signIn(header);
    Instant until = clock.instant().plus(KEEP_SIGN_IN);
    if (principal.expiresAt() != null && principal.expiresAt().isBefore(until)) {
      until = principal.expiresAt();
    }
    signedIn.put(key, principal, until);
    return Optional.of(principal);
  }

  private Principal signIn(String header) {
    int space = header.indexOf(' ');
    String scheme = space < 0 ? header : header.substring(0, space);
    String credentials = space < 0 ? "" : header.substring(space + 1).strip();
    return switch (scheme.toLowerCase(Locale.ROOT)) {
      case "bearer" -> byToken(credentials, null);
      case "basic" -> byBasic(credentials);
      default ->
          throw new GalleyException(
              ErrorCode.UNAUTHENTICATED,
              "Unsupported authorization scheme: send 'Bearer <token>' or HTTP Basic");
    };
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
    Optional<IdentityStore.Credentials> credentials = identities.findCredentials(name);
    Optional<User> user = credentials.map(IdentityStore.Credentials::user);
    String stored = credentials.map(IdentityStore.Credentials::passwordHash).orElse(null);
    String key = TokenSecrets.hash(decoded);
    Verified seen = verified.get(key);
    boolean known =
        seen != null
            && stored != null
            && seen.passwordHash().equals(stored)
            && clock.instant().isBefore(seen.until());
    // Checked even when there is no such user, so that the time taken tells nothing.
    if (!known && (!PasswordHashes.matches(secret, stored) || user.isEmpty())) {
      throw refused();
    }
    if (!known) {
      remember(key, requireNonNull(stored));
    }
    User u = user.orElseThrow(Authenticator::refused);
    return new Principal(u, u.admin() ? TokenScope.ADMIN : TokenScope.WRITE, null, null, null);
  }

  /**
   * Keeps a verified user-and-password pair (by its SHA-256) for {@link #REMEMBER}, bound to the
   * password hash it matched, so that a client sending Basic on every request (MLflow's, with
   * {@code MLFLOW_TRACKING_PASSWORD}) pays one Argon2id check, not one per request: MLflow's own
   * basic-auth app, which hashes on every request, is 40-90x slower with auth on (mlflow#9684). A
   * changed password no longer matches the hash kept, so it is checked anew.
   */
  private void remember(String key, String passwordHash) {
    if (verified.size() >= MAX_REMEMBERED) {
      verified.clear(); // crude, bounded: a flood of distinct pairs cannot grow the map
    }
    verified.put(key, new Verified(passwordHash, clock.instant().plus(REMEMBER)));
  }

  private Principal byToken(String secret, @Nullable String expectedUser) {
    if (!TokenSecrets.looksLikeToken(secret)) {
      throw refused();
    }
    IdentityStore.TokenOwner owner =
        identities.findTokenOwner(TokenSecrets.hash(secret)).orElseThrow(Authenticator::refused);
    ApiToken token = owner.token();
    if (!token.isValidAt(clock.instant())
        || (expectedUser != null && !expectedUser.equals(token.userName()))) {
      throw refused();
    }
    User user = owner.user();
    // A token never allows more than its user may: an admin scope needs an admin.
    TokenScope scope =
        token.scope() == TokenScope.ADMIN && !user.admin() ? TokenScope.WRITE : token.scope();
    return new Principal(user, scope, token.id(), token.expiresAt(), token.reach());
  }

  private static GalleyException refused() {
    return new GalleyException(ErrorCode.UNAUTHENTICATED, REFUSED);
  }
}
