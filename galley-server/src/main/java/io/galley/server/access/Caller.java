package io.galley.server.access;

import static java.util.Objects.requireNonNull;

import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import io.galley.core.access.Permission;
import io.galley.core.access.Resource;
import io.galley.core.access.TokenScope;
import io.galley.core.access.Viewer;
import io.galley.server.access.Authenticator.Principal;
import io.javalin.http.Context;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Who sent a request and what they may do: the checks an endpoint makes of its caller. With access
 * control off there is no principal and every check passes.
 */
public final class Caller {
  private final @Nullable Principal principal;
  private final ResourcePermissions permissions;

  private Caller(@Nullable Principal principal, ResourcePermissions permissions) {
    this.principal = principal;
    this.permissions = requireNonNull(permissions, "permissions");
  }

  /** The caller of a request that {@link AccessGuard} let through. */
  public static Caller of(Context ctx, ResourcePermissions permissions) {
    return new Caller(AccessGuard.principal(ctx), permissions);
  }

  public void require(Resource resource, Permission needed) {
    permissions.require(principal, resource, needed);
  }

  /** Refuses unless the caller is an administrator; anyone is, with access control off. */
  public void requireAdministrator(String toDoWhat) {
    if (principal != null && !principal.scope().allows(TokenScope.ADMIN)) {
      throw new GalleyException(
          ErrorCode.PERMISSION_DENIED, "Only an administrator may " + toDoWhat);
    }
  }

  public void requireExperiment(String experimentId, Permission needed) {
    require(Resource.experiment(experimentId), needed);
  }

  public void requireModel(String name, Permission needed) {
    require(Resource.registeredModel(name), needed);
  }

  public void requireRun(String runId, Permission needed) {
    permissions.requireRun(principal, runId, needed);
  }

  /** Whose read permissions a search applies; null when the caller may read everything. */
  public @Nullable Viewer viewer() {
    return permissions.viewer(principal);
  }

  /**
   * The experiments of {@code experimentIds} the caller may read, in their order; {@code
   * PERMISSION_DENIED} when they may read none of a non-empty list, so that a search of someone
   * else's experiment is refused rather than answered empty.
   */
  public List<String> readableExperiments(List<String> experimentIds) {
    if (principal == null || experimentIds.isEmpty()) {
      return experimentIds;
    }
    List<String> readable =
        experimentIds.stream()
            .filter(
                id ->
                    permissions
                        .effective(principal, Resource.experiment(id))
                        .allows(Permission.READ))
            .toList();
    if (readable.isEmpty()) {
      permissions.require(principal, Resource.experiment(experimentIds.get(0)), Permission.READ);
    }
    return readable;
  }

  /** Notes the experiment of a run just created. */
  public void createdRun(String runId, String experimentId) {
    permissions.createdRun(runId, experimentId);
  }

  /** Grants MANAGE on what the caller just created. */
  public void grantToCreator(Resource created) {
    permissions.grantToCreator(principal, created);
  }
}
