package io.galley.server.access;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.client.mlflow.WireJson;
import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import io.galley.core.InvalidRequestException;
import io.galley.core.access.ApiToken;
import io.galley.core.access.Grant;
import io.galley.core.access.Grantee;
import io.galley.core.access.IdentityStore;
import io.galley.core.access.NewApiToken;
import io.galley.core.access.NewUser;
import io.galley.core.access.Permission;
import io.galley.core.access.RepositoryPattern;
import io.galley.core.access.Resource;
import io.galley.core.access.TokenReach;
import io.galley.core.access.TokenScope;
import io.galley.core.access.TokenSecrets;
import io.galley.core.access.User;
import io.galley.server.access.Authenticator.Principal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Users and API tokens over HTTP. MLflow's auth endpoints, so that MLflow's {@code
 * AuthServiceClient} works: {@code users/create}, {@code users/get}, {@code users/update-password},
 * {@code users/update-admin}, {@code users/delete} under {@code /api/2.0/mlflow/}. Galley's own:
 * {@code users/list} and {@code tokens/create|list|revoke} under {@code /api/2.0/galley/}. Managing
 * users takes an administrator; a user may read themself, change their own password and manage
 * their own tokens, never to more than their own reach. With access control off they answer {@code
 * INVALID_STATE}.
 */
public final class AccessRoutes {
  private static final List<String> PREFIXES = List.of("/api/2.0", "/ajax-api/2.0");
  private static final long MAX_TOKEN_SECONDS = Duration.ofDays(3650).toSeconds();

  private final @Nullable IdentityStore identities;
  private final ResourcePermissions permissions;
  private final Clock clock;

  public AccessRoutes(
      @Nullable IdentityStore identities, ResourcePermissions permissions, Clock clock) {
    this.identities = identities;
    this.permissions = permissions;
    this.clock = clock;
  }

  public void mount(RoutesConfig routing) {
    for (String prefix : PREFIXES) {
      routing.post(prefix + "/mlflow/users/create", guarded(this::createUser));
      routing.get(prefix + "/mlflow/users/get", guarded(this::getUser));
      routing.patch(prefix + "/mlflow/users/update-password", guarded(this::updatePassword));
      routing.patch(prefix + "/mlflow/users/update-admin", guarded(this::updateAdmin));
      routing.delete(prefix + "/mlflow/users/delete", guarded(this::deleteUser));
      routing.get(prefix + "/galley/users/list", guarded(this::listUsers));
      routing.post(prefix + "/galley/tokens/create", guarded(this::createToken));
      routing.get(prefix + "/galley/tokens/list", guarded(this::listTokens));
      routing.post(prefix + "/galley/tokens/revoke", guarded(this::revokeToken));
      routing.post(
          prefix + "/galley/users/set-default-permission", guarded(this::setDefaultPermission));
    }
    new PermissionRoutes(permissions).mount(routing, PREFIXES, this::guarded);
  }

  /** An access endpoint: what it answers a signed-in caller. */
  @FunctionalInterface
  interface Call {
    Object answer(Context ctx, IdentityStore identities, Principal caller);
  }

  Handler guarded(Call call) {
    return ctx -> {
      IdentityStore store = identities;
      Principal caller = AccessGuard.principal(ctx);
      if (store == null || caller == null) {
        throw new GalleyException(
            ErrorCode.INVALID_STATE,
            "Access control is off: start the server with --access-control to have users");
      }
      Object answer = call.answer(ctx, store, caller);
      if (ctx.method() != io.javalin.http.HandlerType.GET) {
        permissions.changed(); // a user, token, group or grant changed: the next request sees it
      }
      ctx.contentType("application/json").result(WireJson.write(answer));
    };
  }

  private Object createUser(Context ctx, IdentityStore identities, Principal caller) {
    requireAdmin(caller);
    JsonNode body = AccessRequests.body(ctx);
    String name = AccessRequests.text(body, "username");
    String password = password(body);
    User user = identities.createUser(new NewUser(name, PasswordHashes.hash(password), false));
    return Map.of("user", userJson(user));
  }

  private Object getUser(Context ctx, IdentityStore identities, Principal caller) {
    String name = AccessRequests.required(ctx.queryParam("username"), "username");
    requireSelfOrAdmin(caller, name);
    User user = identities.findUser(name).orElseThrow(() -> noUser(name));
    Map<String, Object> json = userJson(user);
    List<Grant> grants =
        permissions.store().map(p -> p.grantsOf(Grantee.user(name))).orElse(List.of());
    json.put(
        "experiment_permissions",
        grants.stream()
            .filter(g -> g.resource().kind() == Resource.Kind.EXPERIMENT)
            .map(PermissionRoutes::grantJson)
            .toList());
    json.put(
        "registered_model_permissions",
        grants.stream()
            .filter(g -> g.resource().kind() == Resource.Kind.REGISTERED_MODEL)
            .map(PermissionRoutes::grantJson)
            .toList());
    return Map.of("user", json);
  }

  private Object updatePassword(Context ctx, IdentityStore identities, Principal caller) {
    JsonNode body = AccessRequests.body(ctx);
    String name = AccessRequests.text(body, "username");
    requireSelfOrAdmin(caller, name);
    identities.setPasswordHash(name, PasswordHashes.hash(password(body)));
    return Map.of();
  }

  private Object updateAdmin(Context ctx, IdentityStore identities, Principal caller) {
    requireAdmin(caller);
    JsonNode body = AccessRequests.body(ctx);
    String name = AccessRequests.text(body, "username");
    JsonNode admin = body.path("is_admin");
    if (!admin.isBoolean()) {
      throw new InvalidRequestException("Missing value for required parameter 'is_admin'");
    }
    if (name.equals(caller.user().name()) && !admin.booleanValue()) {
      throw new InvalidRequestException(
          "An administrator cannot take away their own admin rights; another administrator can");
    }
    identities.setAdmin(name, admin.booleanValue());
    return Map.of();
  }

  private Object deleteUser(Context ctx, IdentityStore identities, Principal caller) {
    requireAdmin(caller);
    String name = AccessRequests.text(AccessRequests.body(ctx), "username");
    if (name.equals(caller.user().name())) {
      throw new InvalidRequestException("An administrator cannot delete themself");
    }
    identities.deleteUser(name);
    return Map.of();
  }

  private Object listUsers(Context ctx, IdentityStore identities, Principal caller) {
    requireAdmin(caller);
    return Map.of("users", identities.users().stream().map(AccessRoutes::userJson).toList());
  }

  private Object createToken(Context ctx, IdentityStore identities, Principal caller) {
    JsonNode body = AccessRequests.body(ctx);
    String owner = AccessRequests.optionalText(body, "username", caller.user().name());
    requireSelfOrAdmin(caller, owner);
    String name = AccessRequests.text(body, "name");
    TokenScope scope = scope(AccessRequests.optionalText(body, "scope", "write"));
    if (!caller.scope().allows(scope)) {
      throw new GalleyException(
          ErrorCode.PERMISSION_DENIED,
          "A token cannot allow more than the sign-in that makes it: this one has "
              + caller.scope().name().toLowerCase(Locale.ROOT)
              + " access");
    }
    if (caller.reach() != null) {
      throw new GalleyException(
          ErrorCode.PERMISSION_DENIED,
          "A narrowed token cannot make tokens: sign in with a password or a token that is not"
              + " narrowed");
    }
    Instant now = clock.instant();
    Instant expiresAt = expiry(body.path("expires_in_seconds"), now);
    TokenReach reach = reach(body);
    TokenSecrets.Issued issued = TokenSecrets.issue();
    ApiToken token =
        identities.createToken(
            new NewApiToken(issued.id(), owner, name, scope, expiresAt, issued.secretHash(), reach),
            now);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("token", tokenJson(token));
    answer.put("secret", issued.secret());
    return answer;
  }

  private Object listTokens(Context ctx, IdentityStore identities, Principal caller) {
    String owner = ctx.queryParam("username");
    String name = owner == null || owner.isBlank() ? caller.user().name() : owner;
    requireSelfOrAdmin(caller, name);
    return Map.of("tokens", identities.tokens(name).stream().map(AccessRoutes::tokenJson).toList());
  }

  private Object revokeToken(Context ctx, IdentityStore identities, Principal caller) {
    JsonNode body = AccessRequests.body(ctx);
    String owner = AccessRequests.optionalText(body, "username", caller.user().name());
    requireSelfOrAdmin(caller, owner);
    String id = AccessRequests.text(body, "token_id");
    if (!identities.revokeToken(owner, id, clock.instant())) {
      throw new GalleyException(
          ErrorCode.RESOURCE_DOES_NOT_EXIST,
          "User '" + owner + "' has no token '" + id + "' that is not revoked already");
    }
    return Map.of();
  }

  /**
   * {@code {"username": ..., "permission": "READ"}} sets what the user may do where nobody granted
   * them anything; {@code "permission": null} (or none) gives them the server's default again.
   */
  private Object setDefaultPermission(Context ctx, IdentityStore identities, Principal caller) {
    requireAdmin(caller);
    JsonNode body = AccessRequests.body(ctx);
    String name = AccessRequests.text(body, "username");
    JsonNode level = body.path("permission");
    Permission permission = level.isTextual() ? Permission.parse(level.asText()) : null;
    permissions
        .store()
        .orElseThrow(() -> new IllegalStateException("access control without permissions"))
        .setDefaultPermission(name, permission);
    return Map.of("user", userJson(identities.findUser(name).orElseThrow(() -> noUser(name))));
  }

  static void requireAdmin(Principal caller) {
    if (!caller.scope().allows(TokenScope.ADMIN)) {
      throw new GalleyException(
          ErrorCode.PERMISSION_DENIED, "Only an administrator may manage users");
    }
  }

  private static void requireSelfOrAdmin(Principal caller, String name) {
    if (!name.equals(caller.user().name())) {
      requireAdmin(caller);
    }
  }

  private static Map<String, Object> userJson(User user) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", user.id());
    json.put("username", user.name());
    json.put("is_admin", user.admin());
    if (user.defaultPermission() != null) {
      json.put("default_permission", user.defaultPermission().name());
    }
    return json;
  }

  private static Map<String, Object> tokenJson(ApiToken token) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("token_id", token.id());
    json.put("username", token.userName());
    json.put("name", token.name());
    json.put("scope", token.scope().name().toLowerCase(Locale.ROOT));
    json.put("created_at", token.createdAt().toEpochMilli());
    if (token.expiresAt() != null) {
      json.put("expires_at", token.expiresAt().toEpochMilli());
    }
    if (token.revokedAt() != null) {
      json.put("revoked_at", token.revokedAt().toEpochMilli());
    }
    TokenReach reach = token.reach();
    if (reach != null) {
      json.put("experiments", reach.experiments());
      json.put("models", reach.models());
      json.put(
          "repositories", reach.repositories().stream().map(RepositoryPattern::value).toList());
    }
    return json;
  }

  /**
   * {@code experiments} (ids), {@code models} (names), {@code repositories} (patterns): arrays of
   * text; a token with any of them reaches only those. Null when the body names none.
   */
  private static @Nullable TokenReach reach(JsonNode body) {
    List<String> experiments = texts(body, "experiments");
    List<String> models = texts(body, "models");
    List<String> repositories = texts(body, "repositories");
    if (experiments.isEmpty() && models.isEmpty() && repositories.isEmpty()) {
      return null;
    }
    return new TokenReach(
        experiments, models, repositories.stream().map(RepositoryPattern::new).toList());
  }

  private static List<String> texts(JsonNode body, String field) {
    JsonNode value = body.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new InvalidRequestException(
          "Invalid value for parameter '" + field + "': give an array of strings");
    }
    List<String> out = new java.util.ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual() || item.asText().isEmpty()) {
        throw new InvalidRequestException(
            "Invalid value for parameter '" + field + "': give an array of strings");
      }
      out.add(item.asText());
    }
    return out;
  }

  private static TokenScope scope(String text) {
    try {
      return TokenScope.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(
          "Invalid value '" + text + "' for parameter 'scope': use read, write or admin");
    }
  }

  private static @Nullable Instant expiry(JsonNode seconds, Instant now) {
    if (seconds.isMissingNode() || seconds.isNull()) {
      return null;
    }
    if (!seconds.canConvertToExactIntegral()
        || !seconds.canConvertToLong()
        || seconds.asLong() < 1
        || seconds.asLong() > MAX_TOKEN_SECONDS) {
      throw new InvalidRequestException(
          "Invalid value for parameter 'expires_in_seconds': use a whole number of seconds from 1"
              + " to "
              + MAX_TOKEN_SECONDS);
    }
    return now.plusSeconds(seconds.asLong());
  }

  private static String password(JsonNode body) {
    String password = AccessRequests.text(body, "password");
    if (password.length() < 8 || password.length() > 1024) {
      throw new InvalidRequestException("A password must have 8 to 1024 characters");
    }
    return password;
  }

  private static GalleyException noUser(String name) {
    return new GalleyException(
        ErrorCode.RESOURCE_DOES_NOT_EXIST, "User '" + name + "' does not exist.");
  }
}
