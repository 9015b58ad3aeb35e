package io.galley.oci.registry;

import static java.util.Objects.requireNonNull;

import io.galley.core.blob.Digest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the metadata store keeps of a manifest in one repository; its exact bytes are the blob
 * {@link #digest()} in the blob store. {@code references} are the digests it names (config and
 * layers, or an index's manifests), which garbage collection keeps; the subject is not among them.
 */
public record ManifestRecord(
    Digest digest,
    String mediaType,
    long size,
    @Nullable String artifactType,
    @Nullable Digest subject,
    Map<String, String> annotations,
    List<Digest> references,
    Instant pushedAt) {
  public ManifestRecord {
    requireNonNull(digest, "digest");
    requireNonNull(mediaType, "mediaType");
    requireNonNull(pushedAt, "pushedAt");
    annotations = Map.copyOf(annotations);
    references = List.copyOf(references);
  }
}
