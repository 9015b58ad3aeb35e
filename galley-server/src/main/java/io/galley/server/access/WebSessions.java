package io.galley.server.access;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.client.mlflow.WireJson;
import io.galley.core.access.IdentityStore;
import io.galley.core.access.NewApiToken;
import io.galley.core.access.TokenScope;
import io.galley.core.access.TokenSecrets;
import io.galley.server.access.Authenticator.Principal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The web UI's sign-in: {@code POST /api/2.0/galley/session/login} with {@code {"username",
 * "password"}} (slowed after failures from one address, as every sign-in is) makes a session, an
 * API token of {@link #LIFETIME} named {@code web session}, kept hashed like any token, so a
 * session survives a restart and is valid on every server of the database. Its secret goes to the
 * browser in an HTTP-only {@code SameSite=Strict} cookie, which scripts cannot read; a second
 * cookie holds the CSRF token derived from it, which the UI sends back in {@link #CSRF_HEADER} with
 * every request that changes something ({@link AccessGuard} refuses one without). {@code POST
 * .../session/logout} revokes the session; {@code GET .../session} says who is signed in.
 */
public final class WebSessions {
  public static final String SESSION_COOKIE = "galley_session";
  public static final String CSRF_COOKIE = "galley_csrf";
  public static final String CSRF_HEADER = "X-Galley-CSRF";

  /** Sent by the UI's scripts: a 401 then carries no Basic challenge, which would pop a dialog. */
  public static final String UI_HEADER = "X-Galley-UI";

  public static final Duration LIFETIME = Duration.ofHours(12);
  static final List<String> LOGIN_PATHS =
      List.of("/api/2.0/galley/session/login", "/ajax-api/2.0/galley/session/login");

  private final @Nullable IdentityStore identities;
  private final @Nullable AccessGuard guard;
  private final ResourcePermissions permissions;
  private final Clock clock;

  public WebSessions(
      @Nullable IdentityStore identities,
      @Nullable AccessGuard guard,
      ResourcePermissions permissions,
      Clock clock) {
    this.identities = identities;
    this.guard = guard;
    this.permissions = requireNonNull(permissions, "permissions");
    this.clock = requireNonNull(clock, "clock");
  }

  public void mount(RoutesConfig routing) {
    for (String prefix : List.of("/api/2.0", "/ajax-api/2.0")) {
      routing.post(prefix + "/galley/session/login", this::login);
      routing.post(prefix + "/galley/session/logout", this::logout);
      routing.get(prefix + "/galley/session", this::current);
    }
  }

  /** The CSRF token of a session: derived from its secret, so that nothing more is stored. */
  static String csrfToken(String sessionSecret) {
    return TokenSecrets.hash("csrf:" + sessionSecret);
  }

  /** Whether {@code sent} is the session's CSRF token, compared in constant time. */
  static boolean csrfMatches(String sessionSecret, @Nullable String sent) {
    return sent != null
        && MessageDigest.isEqual(
            csrfToken(sessionSecret).getBytes(StandardCharsets.UTF_8),
            sent.getBytes(StandardCharsets.UTF_8));
  }

  private void login(Context ctx) {
    IdentityStore store = identities;
    AccessGuard signIn = guard;
    if (store == null || signIn == null) {
      json(ctx, Map.of("access_control", false));
      return;
    }
    JsonNode body = AccessRequests.body(ctx);
    String user = AccessRequests.text(body, "username");
    String password = AccessRequests.text(body, "password");
    Principal principal = signIn.signInWithPassword(ctx, user, password, false);
    Instant now = clock.instant();
    TokenSecrets.Issued issued = TokenSecrets.issue();
    TokenScope scope = principal.user().admin() ? TokenScope.ADMIN : TokenScope.WRITE;
    store.createToken(
        new NewApiToken(
            issued.id(),
            principal.user().name(),
            "web session",
            scope,
            now.plus(LIFETIME),
            issued.secretHash()),
        now);
    boolean secure = "https".equals(ctx.scheme());
    long seconds = LIFETIME.toSeconds();
    ctx.res()
        .addHeader("Set-Cookie", cookie(SESSION_COOKIE, issued.secret(), seconds, true, secure));
    String csrf = csrfToken(issued.secret());
    ctx.res().addHeader("Set-Cookie", cookie(CSRF_COOKIE, csrf, seconds, false, secure));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("user", userJson(principal));
    answer.put("csrf_token", csrf);
    json(ctx, answer);
  }

  private void logout(Context ctx) {
    IdentityStore store = identities;
    Principal principal = AccessGuard.principal(ctx);
    if (store != null
        && principal != null
        && principal.tokenId() != null
        && ctx.cookie(SESSION_COOKIE) != null) {
      store.revokeToken(principal.user().name(), principal.tokenId(), clock.instant());
      permissions.changed();
    }
    boolean secure = "https".equals(ctx.scheme());
    ctx.res().addHeader("Set-Cookie", cookie(SESSION_COOKIE, "", 0, true, secure));
    ctx.res().addHeader("Set-Cookie", cookie(CSRF_COOKIE, "", 0, false, secure));
    json(ctx, Map.of());
  }

  private void current(Context ctx) {
    Principal principal = AccessGuard.principal(ctx);
    if (identities == null || principal == null) {
      json(ctx, Map.of("access_control", false));
      return;
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("access_control", true);
    answer.put("user", userJson(principal));
    json(ctx, answer);
  }

  private static Map<String, Object> userJson(Principal principal) {
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("username", principal.user().name());
    user.put("is_admin", principal.user().admin());
    return user;
  }

  private static String cookie(
      String name, String value, long maxAgeSeconds, boolean httpOnly, boolean secure) {
    return name
        + "="
        + value
        + "; Path=/; Max-Age="
        + maxAgeSeconds
        + "; SameSite=Strict"
        + (httpOnly ? "; HttpOnly" : "")
        + (secure ? "; Secure" : "");
  }

  private static void json(Context ctx, Object body) {
    ctx.header("Cache-Control", "no-store");
    ctx.contentType("application/json").result(WireJson.write(body));
  }
}
