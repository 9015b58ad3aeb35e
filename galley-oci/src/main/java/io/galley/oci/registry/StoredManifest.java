package io.galley.oci.registry;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;
import java.util.function.Supplier;

/** A manifest found by tag or digest: its record, and its exact bytes opened on demand. */
public record StoredManifest(ManifestRecord record, Supplier<InputStream> content) {
  public StoredManifest {
    requireNonNull(record, "record");
    requireNonNull(content, "content");
  }

  /** The manifest's bytes, as pushed. */
  public InputStream open() {
    return content.get();
  }
}
