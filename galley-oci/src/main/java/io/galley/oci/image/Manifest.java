package io.galley.oci.image;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What a registry stores under {@code /manifests/}: an image manifest or an image index. */
public sealed interface Manifest permits ImageManifest, ImageIndex {
  /** The only schema version either spec defines. */
  int SCHEMA_VERSION = 2;

  int schemaVersion();

  @Nullable String mediaType();

  @Nullable String artifactType();

  @Nullable Descriptor subject();

  Map<String, String> annotations();

  /**
   * Every descriptor this document references, in document order: config and layers, or the index's
   * manifests, then the subject.
   */
  List<Descriptor> references();
}
