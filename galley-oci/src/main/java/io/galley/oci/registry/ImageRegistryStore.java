package io.galley.oci.registry;

import io.galley.core.blob.Digest;
import io.galley.oci.name.RepositoryName;
import io.galley.oci.name.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The port to the registry's metadata: repositories, which blobs each repository may serve (its
 * links), upload sessions and their chunks, manifests, tags and referrers. Bytes live in the blob
 * store; this store only names them. Every method is one transaction, and nothing here is held in
 * server memory, so replicas over one database serve one registry.
 *
 * <p>A repository exists once something was pushed to it (an upload started, a blob mounted or a
 * manifest put) and stays until garbage collection finds it empty.
 */
public interface ImageRegistryStore {

  /** True when the repository has anything: a link, a manifest or an upload. */
  boolean repositoryExists(RepositoryName repository);

  /**
   * Up to {@code limit} repository names in lexical order, strictly after {@code last} when given.
   */
  List<RepositoryName> repositories(int limit, @Nullable String last);

  // Blob links

  /**
   * Lets the repository serve the blob (creating the repository); repeats are harmless, and renew
   * the link's time for {@link #unlinkUnreferencedBlobs}.
   */
  void linkBlob(RepositoryName repository, Digest digest, long size, Instant at);

  /** The blob's size when the repository may serve it. */
  Optional<Long> linkedBlobSize(RepositoryName repository, Digest digest);

  /** Removes the link; false when there was none. The bytes stay until garbage collection. */
  boolean unlinkBlob(RepositoryName repository, Digest digest);

  // Upload sessions

  /** Records a new, empty upload session (creating the repository). */
  void createUpload(UploadSession session);

  Optional<UploadSession> findUpload(RepositoryName repository, UUID id);

  /**
   * Appends a chunk whose bytes are already in the blob store, only if the session still exists and
   * has exactly {@code chunk.offset()} bytes: of two concurrent appends at one offset, one wins.
   * Returns the session after the append, or empty when the session is gone or the offset no longer
   * matches (the caller re-reads to tell which).
   */
  Optional<UploadSession> appendChunk(RepositoryName repository, UUID id, UploadChunk chunk);

  /**
   * Deletes the session and links the finished blob in one transaction, so a completed upload is
   * visible exactly when its session is gone. False (and nothing linked) when the session was
   * already gone: a concurrent completion or cancellation won.
   */
  boolean completeUpload(RepositoryName repository, UUID id, Digest digest, long size, Instant at);

  /** Deletes the session; false when there was none. */
  boolean deleteUpload(RepositoryName repository, UUID id);

  /** Deletes sessions started before {@code cutoff}; returns how many. */
  int deleteUploadsStartedBefore(Instant cutoff);

  // Manifests and tags

  /**
   * Stores the manifest (its bytes are already in the blob store) in the repository, creating the
   * repository, and points {@code tag} at it when given, all in one transaction. A manifest already
   * stored is kept as it is. Refuses with {@link io.galley.oci.OciException} {@code
   * MANIFEST_BLOB_UNKNOWN} when a digest in {@code required} is neither a blob linked in the
   * repository nor a manifest in it, checked inside the transaction.
   */
  void putManifest(
      RepositoryName repository, ManifestRecord manifest, List<Digest> required, @Nullable Tag tag);

  Optional<ManifestRecord> findManifest(RepositoryName repository, Digest digest);

  Optional<Digest> resolveTag(RepositoryName repository, Tag tag);

  /** Up to {@code limit} tags in lexical order, strictly after {@code last} when given. */
  List<Tag> tags(RepositoryName repository, int limit, @Nullable String last);

  /** The tags pointing at one manifest, in lexical order. */
  List<Tag> tagsOf(RepositoryName repository, Digest manifest);

  /** Deletes the manifest and every tag pointing at it; false when there was none. */
  boolean deleteManifest(RepositoryName repository, Digest digest);

  /** Deletes one tag; the manifest stays. False when there was none. */
  boolean deleteTag(RepositoryName repository, Tag tag);

  /**
   * The repository's manifests whose subject is {@code subject}, oldest first, only those with
   * {@code artifactType} when given.
   */
  List<ManifestRecord> referrers(
      RepositoryName repository, Digest subject, @Nullable String artifactType);

  // Garbage collection

  /**
   * Deletes manifests pushed before {@code cutoff} (before {@code awaitingCutoff} when pushed by
   * digest and named by no tag or manifest since: an index's child whose index may come next) that
   * no tag points at, that no other manifest in their repository references, and whose subject (if
   * any) is not stored in the repository; repeats until none is left, so an untagged index takes
   * its untagged children with it. Returns how many were deleted.
   */
  int deleteUntaggedManifests(Instant cutoff, Instant awaitingCutoff);

  /**
   * Removes links to blobs that no manifest in the same repository references and that are not
   * themselves a manifest of it (layers of deleted manifests, abandoned pushes), made (or last
   * repeated) before {@code cutoff}, or before {@code awaitingCutoff} for links no manifest has
   * named since they were made (a push in flight sends its manifest last); then forgets
   * repositories left with nothing. Returns how many links were removed.
   */
  int unlinkUnreferencedBlobs(Instant cutoff, Instant awaitingCutoff);

  /**
   * Every digest the registry keeps alive: linked blobs, manifests, the digests manifests reference
   * (even when unlinked since) and chunks of uploads in progress (repeats allowed), for the blob
   * store's garbage collection.
   */
  void forEachReferencedDigest(Consumer<Digest> action);
}
