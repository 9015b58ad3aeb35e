package io.galley.oci.image;

import java.util.Optional;

/** The four manifest formats a registry accepts, each named by its media type. */
public enum ManifestKind {
  OCI_MANIFEST(MediaTypes.OCI_MANIFEST, false),
  OCI_INDEX(MediaTypes.OCI_INDEX, true),
  DOCKER_MANIFEST(MediaTypes.DOCKER_MANIFEST, false),
  DOCKER_MANIFEST_LIST(MediaTypes.DOCKER_MANIFEST_LIST, true);

  private final String mediaType;
  private final boolean index;

  ManifestKind(String mediaType, boolean index) {
    this.mediaType = mediaType;
    this.index = index;
  }

  public String mediaType() {
    return mediaType;
  }

  /** Whether documents of this kind list other manifests rather than a config and layers. */
  public boolean isIndex() {
    return index;
  }

  /** The kind a media type names, ignoring parameters; empty for any other type. */
  public static Optional<ManifestKind> fromMediaType(String mediaType) {
    String bare = MediaTypes.withoutParameters(mediaType);
    for (ManifestKind kind : values()) {
      if (kind.mediaType.equals(bare)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
