package io.galley.client.access;

import org.jspecify.annotations.Nullable;

/** A grant on the image repositories a pattern covers, to a user, a group or anyone. */
public record RepositoryPermissionJson(
    String pattern,
    @Nullable String username,
    @Nullable String groupName,
    @Nullable Boolean anyone,
    String permission) {

  /** Whom it is for, as the CLI shows it. */
  public String grantee() {
    if (Boolean.TRUE.equals(anyone)) {
      return "anyone";
    }
    return username != null ? "user " + username : "group " + groupName;
  }
}
