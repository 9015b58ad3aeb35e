package io.galley.oci.distribution;

import static java.util.Objects.requireNonNull;

import io.galley.oci.build.BuiltImage;
import io.galley.oci.build.ImageSink;
import io.galley.oci.image.Descriptor;
import io.galley.oci.layer.LayerEntry;

/**
 * Pushes an image to a repository of another registry under a tag: a blob the repository has is
 * skipped, the rest are uploaded, and the manifest goes last.
 */
public final class RemoteImageSink implements ImageSink {
  private final RemoteRepository repository;
  private final String tag;

  public RemoteImageSink(RemoteRepository repository, String tag) {
    this.repository = requireNonNull(repository, "repository");
    this.tag = requireNonNull(tag, "tag");
  }

  @Override
  public boolean has(Descriptor blob) {
    return repository.hasBlob(blob.digest(), true);
  }

  @Override
  public void putBlob(Descriptor blob, LayerEntry.Content content) {
    repository.pushBlob(blob, content);
  }

  @Override
  public void putManifest(BuiltImage image) {
    repository.pushManifest(tag, image.manifestBytes(), image.manifestDescriptor().mediaType());
  }
}
