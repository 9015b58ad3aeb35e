package io.galley.core.access;

/** What a token allows, each level including the ones before it. */
public enum TokenScope {
  /** Read experiments, runs, models, artifacts and images. */
  READ,
  /** Also create and change them. */
  WRITE,
  /** Also manage users, tokens and permissions. */
  ADMIN;

  public boolean allows(TokenScope needed) {
    return compareTo(needed) >= 0;
  }
}
