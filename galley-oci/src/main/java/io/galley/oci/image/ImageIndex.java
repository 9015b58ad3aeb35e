package io.galley.oci.image;

import io.galley.core.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An OCI image index ({@code image-index.md}) or a Docker manifest list: manifests for several
 * platforms (or artifacts), each a descriptor, plus an optional subject and artifactType.
 */
public record ImageIndex(
    int schemaVersion,
    @Nullable String mediaType,
    @Nullable String artifactType,
    List<Descriptor> manifests,
    @Nullable Descriptor subject,
    Map<String, String> annotations)
    implements Manifest {
  public ImageIndex {
    if (schemaVersion != SCHEMA_VERSION) {
      throw new InvalidRequestException(
          "Unsupported schemaVersion " + schemaVersion + ": only 2 is defined");
    }
    if (artifactType != null && !MediaTypes.isValid(artifactType)) {
      throw new InvalidRequestException("Invalid artifactType '" + artifactType + "'");
    }
    manifests = List.copyOf(manifests);
    annotations = Descriptor.copyOf(annotations);
  }

  /** An OCI image index with no subject, artifactType or annotations. */
  public static ImageIndex of(List<Descriptor> manifests) {
    return new ImageIndex(SCHEMA_VERSION, MediaTypes.OCI_INDEX, null, manifests, null, Map.of());
  }

  @Override
  public List<Descriptor> references() {
    List<Descriptor> all = new ArrayList<>(manifests.size() + 1);
    all.addAll(manifests);
    if (subject != null) {
      all.add(subject);
    }
    return List.copyOf(all);
  }
}
