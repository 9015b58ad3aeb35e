package io.galley.server.access;

import static java.util.Objects.requireNonNull;

import io.galley.core.access.Grantee;
import io.galley.core.access.Permission;
import io.galley.core.access.PermissionStore;
import io.galley.core.access.RepositoryGrant;
import io.galley.core.access.RepositoryPattern;
import io.galley.core.access.TokenReach;
import io.galley.core.access.TokenScope;
import io.galley.oci.OciErrorCode;
import io.galley.oci.OciException;
import io.galley.oci.name.RepositoryName;
import io.galley.oci.registry.ImageRegistryStore;
import io.galley.server.access.Authenticator.Principal;
import io.galley.server.oci.ImageRegistryAccess;
import io.galley.server.oci.ImageRegistryAction;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who may pull, push and delete which image repository, and the {@code /v2/} side of Docker's token
 * flow. A repository grant whose pattern covers the name decides (READ pulls, EDIT pushes, MANAGE
 * deletes; see {@link RepositoryGrant#decide}), else the caller's default; a grant to anyone makes
 * repositories public, pulled without signing in. Whoever pushes first to a name nobody holds is
 * granted MANAGE on it, as the creator of an experiment is. The catalog lists every name, so it is
 * an administrator's.
 *
 * <p>A request signed in with Basic or one of Galley's tokens is decided at once ({@code 403
 * DENIED} when not allowed). Otherwise it needs a bearer token from {@code /v2/token} that grants
 * the action: without one, {@code 401} with {@code WWW-Authenticate: Bearer realm=...,
 * service=...,scope=...}, which {@code docker}, {@code podman}, {@code skopeo} and containerd
 * answer by fetching one.
 */
public final class RegistryPermissions implements ImageRegistryAccess {
  static final String PULL = "pull";
  static final String PUSH = "push";
  static final String DELETE = "delete";

  private final PermissionStore store;
  private final ResourcePermissions permissions;
  private final RegistryTokens tokens;
  private final ImageRegistryStore images;

  public RegistryPermissions(
      PermissionStore store,
      ResourcePermissions permissions,
      RegistryTokens tokens,
      ImageRegistryStore images) {
    this.store = requireNonNull(store, "store");
    this.permissions = requireNonNull(permissions, "permissions");
    this.tokens = requireNonNull(tokens, "tokens");
    this.images = requireNonNull(images, "images");
  }

  RegistryTokens tokens() {
    return tokens;
  }

  /**
   * Of what {@code requested} asks, what {@code caller} (null: anonymous) may have: the token
   * endpoint's grant, the intersection, never an error for what is left out.
   */
  List<RegistryScope> grant(@Nullable Principal caller, List<RegistryScope> requested) {
    List<RegistryScope> granted = new ArrayList<>();
    for (RegistryScope scope : requested) {
      Set<String> allowed =
          switch (scope.type()) {
            case RegistryScope.REPOSITORY ->
                RepositoryName.isValid(scope.name())
                    ? actions(caller, scope.name(), scope.allows(PUSH))
                    : Set.of();
            case RegistryScope.REGISTRY ->
                scope.name().equals("catalog") && caller != null && isAdmin(caller)
                    ? Set.of("*")
                    : Set.of();
            default -> Set.of();
          };
      scope.narrowedTo(expand(allowed)).ifPresent(granted::add);
    }
    return granted;
  }

  @Override
  public void check(Context ctx, ImageRegistryAction action, @Nullable RepositoryName repository) {
    Principal caller = AccessGuard.principal(ctx);
    if (caller != null) {
      if (!allows(caller, action, repository)) {
        throw new OciException(
            OciErrorCode.DENIED,
            "User '"
                + caller.user().name()
                + "' may not "
                + action.name().toLowerCase(Locale.ROOT)
                + (repository == null ? "" : " " + repository.value()));
      }
      return;
    }
    String authorization = ctx.header("Authorization");
    String bearer = bearer(authorization);
    if (bearer == null) {
      throw challenge(ctx, action, repository, null);
    }
    Optional<RegistryTokens.Verified> token = tokens.verify(bearer);
    if (token.isEmpty()) {
      throw challenge(ctx, action, repository, "invalid_token");
    }
    boolean allowed =
        switch (action) {
          case PING -> true;
          case CATALOG -> token.get().allows(RegistryScope.REGISTRY, "catalog", "*");
          case PULL, PUSH, DELETE ->
              repository != null
                  && token.get().allows(RegistryScope.REPOSITORY, repository.value(), verb(action));
        };
    if (!allowed) {
      throw challenge(ctx, action, repository, "insufficient_scope");
    }
    if (!token.get().subject().isEmpty()) {
      ctx.attribute(AuditTrail.ACTOR, token.get().subject());
    }
  }

  private boolean allows(
      Principal caller, ImageRegistryAction action, @Nullable RepositoryName repository) {
    return switch (action) {
      case PING -> true;
      case CATALOG -> isAdmin(caller);
      case PULL, PUSH, DELETE ->
          repository != null
              && expand(actions(caller, repository.value(), action == ImageRegistryAction.PUSH))
                  .contains(verb(action));
    };
  }

  /** The actions {@code caller} may take on {@code name}, claiming a new name for a pusher. */
  private Set<String> actions(@Nullable Principal caller, String name, boolean pushing) {
    if (caller == null) {
      return level(
          RepositoryGrant.decide(permissions.publicRepositoryGrants(), name)
              .orElse(Permission.NO_PERMISSIONS),
          TokenScope.READ);
    }
    TokenReach reach = caller.reach();
    if (reach != null && !reach.coversRepository(name)) {
      return Set.of(); // a narrowed token reaches nothing else
    }
    if (isAdmin(caller)) {
      return level(Permission.MANAGE, caller.scope());
    }
    List<RepositoryGrant> grants = permissions.repositoryGrantsFor(caller.user().id());
    Permission has =
        RepositoryGrant.decide(grants, name).orElseGet(() -> permissions.defaultFor(caller.user()));
    if (pushing && !has.canUpdate() && caller.scope().allows(TokenScope.WRITE) && isNew(name)) {
      store.createRepositoryGrant(
          new RepositoryPattern(name), Grantee.user(caller.user().name()), Permission.MANAGE);
      permissions.changed(); // the pusher's grants, kept, lack the one just made
      has = Permission.MANAGE;
    }
    return level(has, caller.scope());
  }

  /** A name no repository has and nobody was granted exactly: the first pusher's to claim. */
  private boolean isNew(String name) {
    if (images.repositoryExists(RepositoryName.of(name))) {
      return false;
    }
    return !store.isRepositoryNameGranted(name);
  }

  private static Set<String> level(Permission permission, TokenScope scope) {
    Set<String> actions =
        switch (permission) {
          case NO_PERMISSIONS -> Set.of();
          case READ -> Set.of(PULL);
          case EDIT -> Set.of(PULL, PUSH);
          case MANAGE -> Set.of(PULL, PUSH, DELETE);
        };
    return scope.allows(TokenScope.WRITE)
        ? actions
        : actions.contains(PULL) ? Set.of(PULL) : Set.of();
  }

  /** A request for {@code *} is granted when every action is. */
  private static Set<String> expand(Set<String> allowed) {
    if (allowed.containsAll(Set.of(PULL, PUSH, DELETE)) || allowed.contains("*")) {
      return Set.of(PULL, PUSH, DELETE, "*");
    }
    return allowed;
  }

  private boolean isAdmin(Principal caller) {
    return caller.user().admin() && caller.scope().allows(TokenScope.ADMIN);
  }

  private static String verb(ImageRegistryAction action) {
    return switch (action) {
      case PULL -> PULL;
      case PUSH -> PUSH;
      case DELETE -> DELETE;
      case CATALOG, PING -> "*";
    };
  }

  private static @Nullable String bearer(@Nullable String authorization) {
    if (authorization == null) {
      return null;
    }
    String header = authorization.strip();
    if (header.length() < 7 || !header.substring(0, 7).equalsIgnoreCase("bearer ")) {
      return null;
    }
    return header.substring(7).strip();
  }

  /**
   * {@code 401} with the challenge Docker's clients answer by fetching a token: the realm is this
   * server's {@code /v2/token} as the client addressed it (a Host the cross-site guard accepted).
   */
  private static OciException challenge(
      Context ctx,
      ImageRegistryAction action,
      @Nullable RepositoryName repository,
      @Nullable String error) {
    StringBuilder header =
        new StringBuilder("Bearer realm=\"")
            .append(ctx.scheme())
            .append("://")
            .append(ctx.host())
            .append(RegistryTokenRoutes.PATH)
            .append("\",service=\"")
            .append(RegistryTokens.SERVICE)
            .append('"');
    String scope =
        switch (action) {
          case PING -> null;
          case CATALOG -> "registry:catalog:*";
          case PULL -> repository == null ? null : "repository:" + repository.value() + ":pull";
          case PUSH ->
              repository == null ? null : "repository:" + repository.value() + ":pull,push";
          case DELETE -> repository == null ? null : "repository:" + repository.value() + ":delete";
        };
    if (scope != null) {
      header.append(",scope=\"").append(scope).append('"');
    }
    if (error != null) {
      header.append(",error=\"").append(error).append('"');
    }
    ctx.header("WWW-Authenticate", header.toString());
    return new OciException(
        OciErrorCode.UNAUTHORIZED,
        error == null
            ? "authentication required: get a token from " + RegistryTokenRoutes.PATH
            : error.equals("invalid_token")
                ? "the token is not valid here, or expired: get a new one"
                : "the token does not grant " + scope);
  }
}
