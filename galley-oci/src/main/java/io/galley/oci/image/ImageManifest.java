package io.galley.oci.image;

import static java.util.Objects.requireNonNull;

import io.galley.core.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An OCI image manifest ({@code manifest.md}) or a Docker schema 2 manifest, which has the same
 * shape: a config, layers in stack order, and (OCI v1.1) an optional subject and artifactType.
 */
public record ImageManifest(
    int schemaVersion,
    @Nullable String mediaType,
    @Nullable String artifactType,
    Descriptor config,
    List<Descriptor> layers,
    @Nullable Descriptor subject,
    Map<String, String> annotations)
    implements Manifest {
  public ImageManifest {
    requireNonNull(config, "config");
    if (schemaVersion != SCHEMA_VERSION) {
      throw new InvalidRequestException(
          "Unsupported schemaVersion " + schemaVersion + ": only 2 is defined");
    }
    if (artifactType != null && !MediaTypes.isValid(artifactType)) {
      throw new InvalidRequestException("Invalid artifactType '" + artifactType + "'");
    }
    // manifest.md: an artifact whose config is the empty descriptor MUST say what it is.
    if (artifactType == null && config.mediaType().equals(MediaTypes.OCI_EMPTY)) {
      throw new InvalidRequestException(
          "artifactType is required when config.mediaType is " + MediaTypes.OCI_EMPTY);
    }
    layers = List.copyOf(layers);
    annotations = Descriptor.copyOf(annotations);
  }

  /** An OCI image manifest with no subject, artifactType or annotations. */
  public static ImageManifest of(Descriptor config, List<Descriptor> layers) {
    return new ImageManifest(
        SCHEMA_VERSION, MediaTypes.OCI_MANIFEST, null, config, layers, null, Map.of());
  }

  @Override
  public List<Descriptor> references() {
    List<Descriptor> all = new ArrayList<>(layers.size() + 2);
    all.add(config);
    all.addAll(layers);
    if (subject != null) {
      all.add(subject);
    }
    return List.copyOf(all);
  }
}
