package io.galley.oci.registry;

import static java.util.Objects.requireNonNull;

import io.galley.oci.OciException;
import io.galley.oci.build.BuiltImage;
import io.galley.oci.build.ImageSink;
import io.galley.oci.image.Descriptor;
import io.galley.oci.image.MediaTypes;
import io.galley.oci.layer.LayerEntry;
import io.galley.oci.name.RepositoryName;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Builds straight into Galley's own registry, without HTTP: a blob the repository has is skipped,
 * one that a listed repository has (the base's) is mounted, the rest are stored; the manifest goes
 * last, under the tag.
 */
public final class RegistryImageSink implements ImageSink {
  private final ImageRegistry registry;
  private final RepositoryName repository;
  private final String tag;
  private final List<RepositoryName> mountFrom;

  public RegistryImageSink(
      ImageRegistry registry,
      RepositoryName repository,
      String tag,
      List<RepositoryName> mountFrom) {
    this.registry = requireNonNull(registry, "registry");
    this.repository = requireNonNull(repository, "repository");
    this.tag = requireNonNull(tag, "tag");
    this.mountFrom = List.copyOf(mountFrom);
  }

  @Override
  public boolean has(Descriptor blob) {
    try {
      registry.blobSize(repository, blob.digest());
      return true;
    } catch (OciException e) {
      // not linked here; perhaps in the base's repository
    }
    for (RepositoryName from : mountFrom) {
      if (registry.mount(repository, blob.digest(), from).isPresent()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void putBlob(Descriptor blob, LayerEntry.Content content) throws IOException {
    try (InputStream in = content.open()) {
      registry.uploadBlob(repository, blob.digest(), in);
    }
  }

  @Override
  public void putManifest(BuiltImage image) {
    registry.putManifest(repository, tag, image.manifestBytes(), MediaTypes.OCI_MANIFEST);
  }
}
