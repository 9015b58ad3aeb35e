package io.galley.core.access;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A permission on the image repositories a pattern covers: READ pulls, EDIT pushes, MANAGE deletes.
 */
public record RepositoryGrant(
    RepositoryPattern pattern, Grantee grantee, long granteeId, Permission permission) {
  public RepositoryGrant {
    requireNonNull(pattern, "pattern");
    requireNonNull(grantee, "grantee");
    requireNonNull(permission, "permission");
  }

  /**
   * What {@code grants} (one caller's own, their groups' and anyone's) allow on {@code repository}:
   * the narrowest matching pattern decides; at the same narrowness the caller's own grant before
   * their groups' (the highest of those) before anyone's. Empty when no pattern matches.
   */
  public static Optional<Permission> decide(List<RepositoryGrant> grants, String repository) {
    return grants.stream()
        .filter(g -> g.pattern().matches(repository))
        .max(
            Comparator.comparingInt((RepositoryGrant g) -> g.pattern().specificity())
                .thenComparingInt(g -> 2 - g.grantee().kind().ordinal())
                .thenComparing(RepositoryGrant::permission))
        .map(RepositoryGrant::permission);
  }
}
