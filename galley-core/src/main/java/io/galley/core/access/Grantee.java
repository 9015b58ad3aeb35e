package io.galley.core.access;

import static java.util.Objects.requireNonNull;

/**
 * Who a permission is granted to: a user or a group, by name, or (for image repositories only)
 * anyone, anonymous callers included.
 */
public record Grantee(Kind kind, String name) {
  /** A user, a group whose members all get it, or anyone. */
  public enum Kind {
    USER,
    GROUP,
    ANYONE
  }

  /** The name {@link #anyone()} goes by. */
  public static final String ANYONE_NAME = "*";

  public Grantee {
    requireNonNull(kind, "kind");
    requireNonNull(name, "name");
  }

  public static Grantee user(String name) {
    return new Grantee(Kind.USER, name);
  }

  public static Grantee group(String name) {
    return new Grantee(Kind.GROUP, name);
  }

  /** Everyone, signed in or not: what makes a repository public. */
  public static Grantee anyone() {
    return new Grantee(Kind.ANYONE, ANYONE_NAME);
  }
}
