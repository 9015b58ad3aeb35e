package io.galley.core.environment;

import static java.util.Objects.requireNonNull;

/** A library's Maven identity; {@link #toString()} is {@code groupId:artifactId:version}. */
public record MavenCoordinates(String groupId, String artifactId, String version) {
  public MavenCoordinates {
    requireNonNull(groupId, "groupId");
    requireNonNull(artifactId, "artifactId");
    requireNonNull(version, "version");
  }

  @Override
  public String toString() {
    return groupId + ":" + artifactId + ":" + version;
  }
}
