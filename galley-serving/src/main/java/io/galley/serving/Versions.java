package io.galley.serving;

/** Galley's version, from the jar's manifest ({@code dev} in a build that has none). */
public final class Versions {
  private Versions() {}

  public static String galley() {
    String v = Versions.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
