package io.galley.oci.image;

import static java.util.Objects.requireNonNull;

import io.galley.core.blob.Digest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A manifest as a client pushed it: the exact bytes (whose sha256 is its digest; never
 * re-serialise), the kind they were recognised as, and the parsed document.
 */
public final class ParsedManifest {
  private final byte[] bytes;
  private final Digest digest;
  private final ManifestKind kind;
  private final Manifest document;

  ParsedManifest(byte[] bytes, Digest digest, ManifestKind kind, Manifest document) {
    this.bytes = bytes;
    this.digest = requireNonNull(digest, "digest");
    this.kind = requireNonNull(kind, "kind");
    this.document = requireNonNull(document, "document");
  }

  /** A copy of the bytes as received. */
  public byte[] bytes() {
    return bytes.clone();
  }

  public int size() {
    return bytes.length;
  }

  /** The sha256 of {@link #bytes()}: what {@code Docker-Content-Digest} answers. */
  public Digest digest() {
    return digest;
  }

  public ManifestKind kind() {
    return kind;
  }

  /** The media type to serve the manifest with: its kind's. */
  public String mediaType() {
    return kind.mediaType();
  }

  public Manifest document() {
    return document;
  }

  /** The artifactType the referrers API reports: the manifest's own, else its config's type. */
  public @Nullable String artifactType() {
    if (document.artifactType() != null) {
      return document.artifactType();
    }
    return document instanceof ImageManifest m ? m.config().mediaType() : null;
  }

  public @Nullable Descriptor subject() {
    return document.subject();
  }

  /** Every descriptor referenced: config, layers or index children, then the subject. */
  public List<Descriptor> references() {
    return document.references();
  }

  /**
   * What must already be stored before a registry accepts this manifest (else {@code
   * MANIFEST_BLOB_UNKNOWN}): config and layers as blobs, or the index's manifests. The subject is
   * not among them: the distribution spec lets a subject be pushed after its referrers.
   */
  public List<Descriptor> requiredContent() {
    if (document instanceof ImageManifest m) {
      List<Descriptor> all = new ArrayList<>(m.layers().size() + 1);
      all.add(m.config());
      all.addAll(m.layers());
      return List.copyOf(all);
    }
    return ((ImageIndex) document).manifests();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParsedManifest p
        && digest.equals(p.digest)
        && kind == p.kind
        && Arrays.equals(bytes, p.bytes);
  }

  @Override
  public int hashCode() {
    return digest.hashCode();
  }

  @Override
  public String toString() {
    return kind.mediaType() + " " + digest + " (" + bytes.length + " bytes)";
  }
}
