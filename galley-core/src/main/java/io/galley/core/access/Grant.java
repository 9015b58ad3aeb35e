package io.galley.core.access;

import static java.util.Objects.requireNonNull;

/** A permission on a resource granted to a user or group; {@code granteeId} is their stored id. */
public record Grant(Resource resource, Grantee grantee, long granteeId, Permission permission) {
  public Grant {
    requireNonNull(resource, "resource");
    requireNonNull(grantee, "grantee");
    requireNonNull(permission, "permission");
  }
}
