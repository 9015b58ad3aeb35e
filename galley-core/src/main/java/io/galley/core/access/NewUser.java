package io.galley.core.access;

import static java.util.Objects.requireNonNull;

/** A user to create, with the hash of their password (never the password). */
public record NewUser(String name, String passwordHash, boolean admin) {
  public NewUser {
    AccessLimits.validateUserName(requireNonNull(name, "name"));
    requireNonNull(passwordHash, "passwordHash");
  }

  @Override
  public String toString() {
    return "NewUser[name=" + name + ", admin=" + admin + "]"; // the hash stays out of logs
  }
}
