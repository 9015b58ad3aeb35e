package io.galley.oci.build;

import io.galley.oci.image.Descriptor;
import io.galley.oci.layer.LayerEntry;

/** Where the base's blobs are read from when a sink does not hold them yet. */
@FunctionalInterface
public interface BlobSource {
  LayerEntry.Content open(Descriptor blob);

  /** For a base with no layers (scratch), or a sink known to hold them all. */
  static BlobSource none() {
    return blob -> {
      throw new IllegalStateException("no source for the base's blob " + blob.digest());
    };
  }
}
