package io.galley.oci.build;

import static java.util.Objects.requireNonNull;

import io.galley.oci.image.Descriptor;
import io.galley.oci.image.ImageConfig;
import io.galley.oci.image.ImageManifest;
import java.util.List;

/**
 * An image as built: its manifest (descriptor, record and exact bytes, whose digest is the image's
 * identity), its config (likewise) and every layer, base layers first.
 */
public record BuiltImage(
    Descriptor manifestDescriptor,
    ImageManifest manifest,
    byte[] manifestBytes,
    ImageConfig config,
    byte[] configBytes,
    List<Descriptor> layers) {
  public BuiltImage {
    requireNonNull(manifestDescriptor, "manifestDescriptor");
    requireNonNull(manifest, "manifest");
    requireNonNull(config, "config");
    manifestBytes = manifestBytes.clone();
    configBytes = configBytes.clone();
    layers = List.copyOf(layers);
  }

  @Override
  public byte[] manifestBytes() {
    return manifestBytes.clone();
  }

  @Override
  public byte[] configBytes() {
    return configBytes.clone();
  }
}
