package io.galley.server.access;

import static java.util.Objects.requireNonNull;

import io.galley.client.mlflow.WireJson;
import io.galley.core.InvalidRequestException;
import io.galley.server.access.Authenticator.Principal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The token endpoint of Docker's token flow ({@code docs/spec/auth/token.md}, {@code oauth.md}):
 * {@code GET /v2/token?service=...&scope=...} signed in with Basic (a password or one of Galley's
 * tokens) or {@code Bearer} a Galley token, or anonymous; and {@code POST} an OAuth2 form with
 * {@code grant_type=password}. It answers a token granting what was asked that the caller may have
 * (possibly nothing: that is not an error), as {@code token} and {@code access_token} both, which
 * every client reads. No refresh token: a client keeps the user's credentials and asks again.
 */
public final class RegistryTokenRoutes {
  public static final String PATH = "/v2/token";

  private final RegistryPermissions registry;
  private final AccessGuard guard;

  public RegistryTokenRoutes(RegistryPermissions registry, AccessGuard guard) {
    this.registry = requireNonNull(registry, "registry");
    this.guard = requireNonNull(guard, "guard");
  }

  /** Mount before the registry's own {@code /v2/*}. */
  public void mount(RoutesConfig routing) {
    routing.get(PATH, this::get);
    routing.post(PATH, this::post);
  }

  private void get(Context ctx) {
    checkService(ctx.queryParam("service"));
    Optional<Principal> caller = guard.signIn(ctx, ctx.header("Authorization"), true);
    String account = ctx.queryParam("account");
    if (caller.isPresent()
        && account != null
        && !account.isEmpty()
        && !account.equals(caller.get().user().name())) {
      throw new InvalidRequestException(
          "The account '" + account + "' is not the user who signed in");
    }
    answer(ctx, caller.orElse(null), RegistryScope.parseAll(ctx.queryParams("scope")), false);
  }

  private void post(Context ctx) {
    String grant = ctx.formParam("grant_type");
    if (!"password".equals(grant)) {
      // A refresh token is never handed out, so that grant is unknown here; clients then GET.
      ctx.status(400).contentType("application/json");
      ctx.result(WireJson.write(Map.of("error", "unsupported_grant_type")));
      return;
    }
    checkService(ctx.formParam("service"));
    String user = AccessRequests.required(ctx.formParam("username"), "username");
    String password = AccessRequests.required(ctx.formParam("password"), "password");
    Principal caller = guard.signInWithPassword(ctx, user, password, true);
    String scope = ctx.formParam("scope");
    answer(ctx, caller, RegistryScope.parseAll(scope == null ? List.of() : List.of(scope)), true);
  }

  private void answer(
      Context ctx, @Nullable Principal caller, List<RegistryScope> requested, boolean oauth) {
    List<RegistryScope> granted = registry.grant(caller, requested);
    RegistryTokens.Issued issued =
        registry.tokens().issue(caller == null ? "" : caller.user().name(), granted);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("token", issued.token());
    json.put("access_token", issued.token());
    json.put("expires_in", issued.expiresInSeconds());
    json.put("issued_at", DateTimeFormatter.ISO_INSTANT.format(issued.issuedAt()));
    if (oauth) {
      json.put(
          "scope", granted.stream().map(RegistryScope::format).collect(Collectors.joining(" ")));
    }
    ctx.header("Cache-Control", "no-store");
    ctx.contentType("application/json").result(WireJson.write(json));
  }

  private static void checkService(@Nullable String service) {
    if (service != null && !service.isEmpty() && !service.equals(RegistryTokens.SERVICE)) {
      throw new InvalidRequestException(
          "Unknown service '" + service + "': this server's is " + RegistryTokens.SERVICE);
    }
  }
}
