package io.galley.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest, so a dev build says so instead of lying. */
public final class GalleyVersion implements IVersionProvider {
  public static String current() {
    String v = GalleyVersion.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"galley " + current()};
  }
}
