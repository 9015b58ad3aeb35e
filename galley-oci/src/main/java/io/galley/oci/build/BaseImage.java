package io.galley.oci.build;

import static java.util.Objects.requireNonNull;

import io.galley.oci.image.ContainerConfig;
import io.galley.oci.image.Descriptor;
import io.galley.oci.image.ImageConfig;
import io.galley.oci.image.RootFs;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What an image is built on: the base's manifest descriptor (null for {@link #scratch}), its
 * config, and its layers as the manifest lists them (stored bytes; the config holds their {@code
 * diff_ids}).
 */
public record BaseImage(
    @Nullable Descriptor manifest, ImageConfig config, List<Descriptor> layers) {
  public BaseImage {
    requireNonNull(config, "config");
    layers = List.copyOf(layers);
    if (config.rootfs().diffIds().size() != layers.size()) {
      throw new IllegalArgumentException(
          "the base's config lists "
              + config.rootfs().diffIds().size()
              + " layers and its manifest "
              + layers.size());
    }
  }

  /** No base: an empty file system for the platform given ({@code linux}, {@code amd64}). */
  public static BaseImage scratch(String os, String architecture) {
    return new BaseImage(
        null,
        new ImageConfig(
            null,
            null,
            architecture,
            os,
            null,
            null,
            ContainerConfig.EMPTY,
            RootFs.of(List.of()),
            List.of()),
        List.of());
  }
}
