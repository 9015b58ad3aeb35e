package io.galley.core.access;

import static java.util.Objects.requireNonNull;

/** Who a permission is granted to: a user or a group, by name. */
public record Grantee(Kind kind, String name) {
  /** A user, or a group whose members all get it. */
  public enum Kind {
    USER,
    GROUP
  }

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
}
