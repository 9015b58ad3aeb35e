package io.galley.oci.image;

import static java.util.Objects.requireNonNull;

import io.galley.core.InvalidRequestException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The platform an index entry runs on ({@code image-index.md}): {@code linux/amd64} and kin. */
public record Platform(
    String architecture,
    String os,
    @Nullable String osVersion,
    List<String> osFeatures,
    @Nullable String variant) {
  public Platform {
    requireNonNull(architecture, "architecture");
    requireNonNull(os, "os");
    if (architecture.isEmpty() || os.isEmpty()) {
      throw new InvalidRequestException("platform needs a non-empty architecture and os");
    }
    osFeatures = List.copyOf(osFeatures);
  }

  public static Platform of(String os, String architecture) {
    return new Platform(architecture, os, null, List.of(), null);
  }

  @Override
  public String toString() {
    return os + "/" + architecture + (variant == null ? "" : "/" + variant);
  }
}
