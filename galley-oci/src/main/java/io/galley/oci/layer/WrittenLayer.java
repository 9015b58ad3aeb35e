package io.galley.oci.layer;

import static java.util.Objects.requireNonNull;

import io.galley.core.blob.Digest;
import io.galley.oci.image.Descriptor;

/**
 * A layer as written: its descriptor (media type, digest and size of the bytes as stored, gzip or
 * not) and its {@code diff_id}, the digest of the uncompressed tar that the image config lists.
 */
public record WrittenLayer(Descriptor descriptor, Digest diffId) {
  public WrittenLayer {
    requireNonNull(descriptor, "descriptor");
    requireNonNull(diffId, "diffId");
  }
}
