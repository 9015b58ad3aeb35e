package io.galley.core.access;

import io.galley.core.InvalidRequestException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a user may do with one experiment or registered model, as MLflow's basic-auth app names it
 * ({@code mlflow/server/auth/permissions.py}): each level allows what the ones before it do.
 */
public enum Permission {
  /** Nothing, not even knowing what it holds. */
  NO_PERMISSIONS,
  /** Read it and what it holds (runs, metrics, artifacts, versions). */
  READ,
  /** Also change it: log runs, set tags, rename, register versions. */
  EDIT,
  /** Also delete it and decide who else may use it. */
  MANAGE;

  public boolean canRead() {
    return this != NO_PERMISSIONS;
  }

  public boolean canUpdate() {
    return compareTo(EDIT) >= 0;
  }

  public boolean canDelete() {
    return this == MANAGE;
  }

  public boolean canManage() {
    return this == MANAGE;
  }

  /** Whether this level allows what {@code needed} names. */
  public boolean allows(Permission needed) {
    return compareTo(needed) >= 0;
  }

  /** The higher of the two. */
  public Permission atLeast(Permission other) {
    return compareTo(other) >= 0 ? this : other;
  }

  /** A level by MLflow's name, case-insensitively; {@code INVALID_PARAMETER_VALUE} otherwise. */
  public static Permission parse(String name) {
    try {
      return valueOf(name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(
          "Invalid permission '"
              + name
              + "': use one of "
              + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
  }
}
