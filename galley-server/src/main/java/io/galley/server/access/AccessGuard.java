package io.galley.server.access;

import static java.util.Objects.requireNonNull;

import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import io.galley.core.access.TokenScope;
import io.galley.core.access.TokenSecrets;
import io.galley.oci.OciErrorCode;
import io.galley.oci.OciException;
import io.galley.server.access.Authenticator.Principal;
import io.galley.server.oci.OciErrors;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Lets a request through only when its caller is signed in and may do what it asks; installed
 * before every route when access control is on, so a route added later is guarded without a rule of
 * its own. Only {@link RequestScopes#OPEN} answers anyone.
 *
 * <p>Refusals speak each API's language: {@code 401 UNAUTHENTICATED} / {@code 403
 * PERMISSION_DENIED} in MLflow's body for the tracking API, {@code UNAUTHORIZED} / {@code DENIED}
 * in the distribution spec's for {@code /v2/}; a 401 carries {@code WWW-Authenticate: Basic}, to
 * which MLflow's clients, {@code docker login}, {@code podman}, {@code skopeo} and browsers answer
 * with credentials. Failed sign-ins from one address are slowed ({@link FailedSignIns}): past a
 * few, the next attempt waits, answered {@code 429} with {@code Retry-After}.
 */
public final class AccessGuard {
  /** Where a signed-in request's caller is kept for the handlers. */
  public static final String PRINCIPAL = "galley.principal";

  private static final String CHALLENGE = "Basic realm=\"Galley\", charset=\"UTF-8\"";

  private final Authenticator authenticator;
  private final FailedSignIns failures;

  public AccessGuard(Authenticator authenticator, Clock clock) {
    this.authenticator = requireNonNull(authenticator, "authenticator");
    this.failures = new FailedSignIns(clock);
  }

  /** The caller of a request the guard let through, or null where access control is off. */
  public static @Nullable Principal principal(Context ctx) {
    return ctx.attribute(PRINCIPAL);
  }

  /** A before-handler. */
  public void check(Context ctx) {
    String path = ctx.path();
    boolean registry = OciErrors.isRegistryPath(path);
    if (!registry && RequestScopes.isOpen(path)) {
      return;
    }
    String authorization = ctx.header("Authorization");
    String session =
        authorization == null && !registry ? ctx.cookie(WebSessions.SESSION_COOKIE) : null;
    if (session != null && !session.isEmpty()) {
      // The web UI's session: a token in a cookie, which a browser sends with any request to
      // this server, so a change must also carry the CSRF token only its pages can read.
      HandlerType method = ctx.method();
      boolean reads = method == HandlerType.GET || method == HandlerType.HEAD;
      if (!reads && !WebSessions.csrfMatches(session, ctx.header(WebSessions.CSRF_HEADER))) {
        throw new GalleyException(
            ErrorCode.PERMISSION_DENIED,
            "A signed-in page's change needs its CSRF token in " + WebSessions.CSRF_HEADER);
      }
      authorization = "Bearer " + session;
    }
    if (registry && !signsInHere(authorization)) {
      // No credentials, or a registry bearer token: the registry's own rule decides (Docker's
      // token flow), and so does the token endpoint, which serves anonymous callers too.
      return;
    }
    Optional<Principal> caller = signIn(ctx, authorization, registry);
    if (caller.isEmpty()) {
      throw unauthenticated(
          ctx,
          registry,
          "Sign in: send HTTP Basic (a user name and a password or token) or 'Bearer <token>'");
    }
    Principal principal = caller.get();
    TokenScope needed = RequestScopes.needed(ctx.method(), path);
    if (!principal.scope().allows(needed)) {
      String message =
          "User '"
              + principal.user().name()
              + "' signed in with "
              + principal.scope().name().toLowerCase(Locale.ROOT)
              + " access; this request needs "
              + needed.name().toLowerCase(Locale.ROOT);
      throw registry
          ? new OciException(OciErrorCode.DENIED, message)
          : new GalleyException(ErrorCode.PERMISSION_DENIED, message);
    }
    ctx.attribute(PRINCIPAL, principal);
  }

  /**
   * Signs in whoever {@code authorization} names, slowed after failures from the same address:
   * empty without credentials, {@code UNAUTHENTICATED} (with a challenge) for wrong ones, {@code
   * 429} while the address waits. The registry's token endpoint signs in with it too.
   */
  Optional<Principal> signIn(Context ctx, @Nullable String authorization, boolean registry) {
    String address = ctx.ip();
    if (authorization != null) {
      Optional<Duration> wait = failures.waitFor(address);
      if (wait.isPresent()) {
        long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
        ctx.header("Retry-After", Long.toString(seconds));
        String message =
            "Too many failed sign-ins from this address: try again in " + seconds + " s";
        throw registry
            ? new OciException(OciErrorCode.TOOMANYREQUESTS, message)
            : new GalleyException(ErrorCode.REQUEST_LIMIT_EXCEEDED, message);
      }
    }
    Optional<Principal> caller;
    try {
      caller = authenticator.authenticate(authorization);
    } catch (GalleyException e) {
      failures.failed(address);
      throw unauthenticated(ctx, registry, e.getMessage());
    }
    if (caller.isPresent()) {
      failures.succeeded(address);
    }
    return caller;
  }

  /**
   * {@link #signIn} with a user name and password sent in a form or a JSON body (the web UI's
   * login, the registry's OAuth form) rather than a header: the same checks and the same slowing.
   */
  Principal signInWithPassword(Context ctx, String user, String password, boolean registry) {
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return signIn(ctx, basic, registry)
        .orElseThrow(() -> new IllegalStateException("a Basic header signs someone in"));
  }

  /** Whether the guard signs in a registry request itself: Basic, or one of Galley's tokens. */
  private static boolean signsInHere(@Nullable String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return false;
    }
    String header = authorization.strip();
    int space = header.indexOf(' ');
    String scheme = space < 0 ? header : header.substring(0, space);
    if (!scheme.equalsIgnoreCase("bearer")) {
      return true;
    }
    return TokenSecrets.looksLikeToken(header.substring(space + 1).strip());
  }

  private static GalleyException unauthenticated(
      Context ctx, boolean registry, @Nullable String message) {
    // The UI's scripts ask for no challenge: a browser would answer it with its own dialog,
    // while the UI shows its login page.
    if (ctx.header(WebSessions.UI_HEADER) == null) {
      ctx.header("WWW-Authenticate", CHALLENGE);
    }
    String shown = message == null ? "Authentication required" : message;
    return registry
        ? new OciException(OciErrorCode.UNAUTHORIZED, shown)
        : new GalleyException(ErrorCode.UNAUTHENTICATED, shown);
  }
}
