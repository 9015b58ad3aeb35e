package io.galley.client.access;

/** Whom a grant is for, as the permission endpoints name it: the request field and its value. */
public record Grantee(String field, Object value) {
  public static Grantee user(String name) {
    return new Grantee("username", name);
  }

  public static Grantee group(String name) {
    return new Grantee("group_name", name);
  }

  /** Anyone, anonymous callers included: for image repositories only. */
  public static Grantee anyone() {
    return new Grantee("anyone", true);
  }
}
