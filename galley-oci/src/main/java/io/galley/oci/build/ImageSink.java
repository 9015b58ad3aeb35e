package io.galley.oci.build;

import io.galley.oci.image.Descriptor;
import io.galley.oci.layer.LayerEntry;
import java.io.IOException;

/**
 * Where a built image goes: blobs first (each at most once, and not at all when the sink holds it
 * already), then the manifest. A sink that fails leaves no manifest naming a missing blob.
 */
public interface ImageSink {
  /** Whether the blob is already there, so the builder need not open it. */
  boolean has(Descriptor blob) throws IOException;

  /** Stores a blob; {@code content} yields exactly {@code blob.size()} bytes of that digest. */
  void putBlob(Descriptor blob, LayerEntry.Content content) throws IOException;

  /** Stores the manifest, after every blob it names. */
  void putManifest(BuiltImage image) throws IOException;
}
