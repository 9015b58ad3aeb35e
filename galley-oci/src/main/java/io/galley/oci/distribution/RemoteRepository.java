package io.galley.oci.distribution;

import static java.util.Objects.requireNonNull;

import io.galley.core.blob.Digest;
import io.galley.oci.image.Descriptor;
import io.galley.oci.image.ParsedManifest;
import io.galley.oci.layer.LayerEntry;
import io.galley.oci.name.RepositoryName;
import java.io.InputStream;

/** One repository of a {@link RemoteRegistry}: its manifests and blobs, each call one endpoint. */
public final class RemoteRepository {
  private final RegistryTransport transport;
  private final RepositoryName name;

  RemoteRepository(RegistryTransport transport, RepositoryName name) {
    this.transport = transport;
    this.name = name;
  }

  public RepositoryName name() {
    return name;
  }

  public String registry() {
    return transport.registry();
  }

  /** The manifest a tag or digest names, checked against its digest. */
  public ParsedManifest pullManifest(String reference) {
    return ManifestPull.pull(transport, name, requireNonNull(reference, "reference"));
  }

  /** Stores a manifest under a tag or its digest, after every blob it names. */
  public void pushManifest(String reference, byte[] bytes, String mediaType) {
    ManifestPush.push(transport, name, reference, bytes, mediaType);
  }

  /** Whether the repository holds the blob, asked with the scope {@code pull} or {@code push}. */
  public boolean hasBlob(Digest digest, boolean forPush) {
    return BlobCheck.exists(
        transport, name, digest, forPush ? Scopes.push(name) : Scopes.pull(name));
  }

  /** The blob's bytes, which fail their last read unless they match {@code blob}. */
  public InputStream openBlob(Descriptor blob) {
    return BlobPull.open(transport, name, blob);
  }

  public void pushBlob(Descriptor blob, LayerEntry.Content content) {
    BlobPush.push(transport, name, blob, content);
  }

  /** Asks the registry to link {@code digest} from another of its repositories, copying nothing. */
  public boolean mountBlob(Digest digest, RepositoryName from) {
    return BlobPush.mount(transport, name, digest, from);
  }

  @Override
  public String toString() {
    return transport.registry() + "/" + name;
  }
}
