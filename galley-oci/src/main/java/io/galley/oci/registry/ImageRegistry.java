package io.galley.oci.registry;

import static java.util.Objects.requireNonNull;

import io.galley.core.InvalidRequestException;
import io.galley.core.blob.BlobInfo;
import io.galley.core.blob.BlobLeases;
import io.galley.core.blob.BlobStore;
import io.galley.core.blob.Digest;
import io.galley.core.blob.LeasedBlob;
import io.galley.oci.OciErrorCode;
import io.galley.oci.OciException;
import io.galley.oci.OciProblem;
import io.galley.oci.image.Descriptor;
import io.galley.oci.image.ManifestCodec;
import io.galley.oci.image.ParsedManifest;
import io.galley.oci.name.RepositoryName;
import io.galley.oci.name.Tag;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The registry's rules over its metadata store and the shared blob store, independent of HTTP: what
 * the distribution spec says a push, pull, delete or listing does, and which error each failure is.
 *
 * <p>Uploads keep no state in memory. Each chunk is stored as a blob of its own (content-addressed,
 * so an identical chunk costs nothing) and recorded in the session; completing an upload whose one
 * chunk already hashes to the expected digest only links it, so a streamed push ({@code POST}, one
 * {@code PATCH}, {@code PUT}) writes its bytes once. Several chunks are concatenated into the final
 * blob, hashed on the way.
 */
public final class ImageRegistry {
  /** How many entries a tags or catalog page holds when the client asks for none. */
  public static final int DEFAULT_PAGE_SIZE = 1000;

  /** The most entries one page holds, whatever the client asks. */
  public static final int MAX_PAGE_SIZE = 10_000;

  private final ImageRegistryStore store;
  private final BlobStore blobs;
  private final Clock clock;

  public ImageRegistry(ImageRegistryStore store, BlobStore blobs, Clock clock) {
    this.store = requireNonNull(store, "store");
    this.blobs = requireNonNull(blobs, "blobs");
    this.clock = requireNonNull(clock, "clock");
  }

  // Blobs

  /** The blob's size, when the repository may serve it; else {@code BLOB_UNKNOWN}. */
  public long blobSize(RepositoryName repository, Digest digest) {
    return store
        .linkedBlobSize(repository, digest)
        .orElseThrow(() -> blobUnknown(repository, digest));
  }

  /**
   * Reads a blob from {@code offset}, {@code length} bytes ({@code < 0}: to the end). The caller
   * has already found it linked with {@link #blobSize}; one lookup per download is enough.
   */
  public InputStream openLinkedBlob(Digest digest, long offset, long length) {
    return blobs.open(digest, offset, length);
  }

  /** Unlinks the blob from the repository; its bytes go at the next garbage collection. */
  public void deleteBlob(RepositoryName repository, Digest digest) {
    if (!store.unlinkBlob(repository, digest)) {
      throw blobUnknown(repository, digest);
    }
  }

  // Uploads

  public UploadSession startUpload(RepositoryName repository) {
    UploadSession session =
        new UploadSession(UUID.randomUUID(), repository, clock.instant(), List.of());
    store.createUpload(session);
    return session;
  }

  /**
   * Links a blob that {@code from} already serves into {@code repository} without its bytes moving;
   * empty when {@code from} does not serve it (the client then uploads it).
   */
  @SuppressWarnings("try") // a lease is held for its scope, never read
  public Optional<Long> mount(RepositoryName repository, Digest digest, RepositoryName from) {
    // Leased before the look-up: once found linked, the bytes cannot go before the new link lands.
    try (BlobLeases.Lease held = blobs.leases().acquire(digest)) {
      Optional<Long> size = store.linkedBlobSize(from, digest);
      size.ifPresent(s -> store.linkBlob(repository, digest, s, clock.instant()));
      return size;
    }
  }

  /**
   * Links into {@code repository} a blob the store already holds for another reason (a run's
   * artifact, a model file), without its bytes moving: how a ModelPack artifact's layers are the
   * model's own files. Empty when the store does not hold it. For the server's own builds only: a
   * {@code /v2/} client may link only what a repository it can read serves ({@link #mount}).
   */
  @SuppressWarnings("try") // a lease is held for its scope, never read
  public Optional<Long> linkStored(RepositoryName repository, Digest digest) {
    try (BlobLeases.Lease held = blobs.leases().acquire(digest)) {
      Optional<Long> size = blobs.stat(digest).map(BlobInfo::size);
      size.ifPresent(s -> store.linkBlob(repository, digest, s, clock.instant()));
      return size;
    }
  }

  /** A whole blob in one request ({@code POST ?digest=}); refused unless it hashes to digest. */
  public long uploadBlob(RepositoryName repository, Digest digest, InputStream content) {
    try (LeasedBlob blob = putExpecting(content, digest)) {
      store.linkBlob(repository, digest, blob.size(), clock.instant());
      return blob.size();
    }
  }

  public UploadSession upload(RepositoryName repository, UUID id) {
    return store.findUpload(repository, id).orElseThrow(() -> uploadUnknown(id));
  }

  /**
   * Appends the body to the upload. {@code start} (from {@code Content-Range}) must equal the bytes
   * received so far and {@code declaredLength} (its span, or {@code Content-Length}) the bytes the
   * body holds; otherwise 416 and the upload is unchanged.
   */
  public UploadSession appendChunk(
      RepositoryName repository,
      UUID id,
      InputStream body,
      @Nullable Long start,
      @Nullable Long declaredLength) {
    UploadSession session = upload(repository, id);
    if (start != null && start != session.size()) {
      throw rangeInvalid(
          "The chunk starts at byte " + start + " but the upload has " + session.size());
    }
    InputStream content = nonEmpty(body);
    if (content == null) {
      // Nothing sent (the usual empty body of a completing PUT): no blob to store.
      if (declaredLength != null && declaredLength != 0) {
        throw rangeInvalid("The chunk declared " + declaredLength + " bytes but its body had none");
      }
      return session;
    }
    try (LeasedBlob chunk = blobs.putLeased(content, null)) {
      if (declaredLength != null && declaredLength != chunk.size()) {
        throw rangeInvalid(
            "The chunk declared "
                + declaredLength
                + " bytes but its body had "
                + chunk.size()
                + "; the upload is unchanged");
      }
      if (chunk.size() == 0) {
        return session;
      }
      return store
          .appendChunk(
              repository, id, new UploadChunk(session.size(), chunk.digest(), chunk.size()))
          .orElseThrow(
              () ->
                  store.findUpload(repository, id).isEmpty()
                      ? uploadUnknown(id)
                      : rangeInvalid("Another chunk was appended to this upload at the same time"));
    }
  }

  /**
   * Finishes the upload with an optional last chunk; the blob is linked only once its bytes hash to
   * {@code digest}. A mismatch ends the session with {@code DIGEST_INVALID}, nothing linked.
   */
  @SuppressWarnings("try") // a lease is held for its scope, never read
  public long completeUpload(
      RepositoryName repository,
      UUID id,
      Digest digest,
      InputStream lastChunk,
      @Nullable Long declaredLength) {
    UploadSession session = appendChunk(repository, id, lastChunk, null, declaredLength);
    long size = session.size();
    List<UploadChunk> chunks = session.chunks();
    // The one chunk may be the blob itself, already stored under its digest and held by the
    // session's chunk row until the link replaces it in one transaction: nothing to copy.
    boolean whole = chunks.size() == 1 && chunks.get(0).digest().equals(digest);
    try (LeasedBlob blob = whole ? null : concatenate(repository, id, chunks, digest)) {
      if (!store.completeUpload(repository, id, digest, size, clock.instant())) {
        throw uploadUnknown(id);
      }
      return size;
    }
  }

  public void cancelUpload(RepositoryName repository, UUID id) {
    if (!store.deleteUpload(repository, id)) {
      throw uploadUnknown(id);
    }
  }

  // Manifests

  /**
   * Stores a pushed manifest under a tag or its digest. The bytes are kept exactly; a digest
   * reference must match them ({@code DIGEST_INVALID}); everything the manifest needs must already
   * be in the repository ({@code MANIFEST_BLOB_UNKNOWN}).
   */
  @SuppressWarnings("try") // a lease is held for its scope, never read
  public ParsedManifest putManifest(
      RepositoryName repository, String reference, byte[] bytes, @Nullable String contentType) {
    if (bytes.length > ManifestCodec.MAX_BYTES) {
      throw new OciException(
          OciErrorCode.SIZE_INVALID,
          OciProblem.TOO_LARGE,
          "The manifest has "
              + bytes.length
              + " bytes; this registry accepts at most "
              + ManifestCodec.MAX_BYTES);
    }
    ManifestReference ref = ManifestReference.parse(reference);
    ParsedManifest manifest = ManifestCodec.parse(bytes, contentType);
    if (ref.digest() != null && !ref.digest().equals(manifest.digest())) {
      throw new OciException(
          OciErrorCode.DIGEST_INVALID,
          "The manifest's bytes hash to " + manifest.digest() + ", not to " + ref.digest());
    }
    try (LeasedBlob stored = putExpecting(new ByteArrayInputStream(bytes), manifest.digest())) {
      store.putManifest(repository, record(manifest), required(manifest), ref.tag());
    }
    return manifest;
  }

  /** The digests a manifest names that must be in the repository before it. */
  private static List<Digest> required(ParsedManifest manifest) {
    List<Digest> required = new ArrayList<>();
    for (Descriptor d : manifest.requiredContent()) {
      // Non-distributable layers (with urls) live elsewhere by design.
      if (d.urls().isEmpty()) {
        required.add(d.digest());
      }
    }
    return required;
  }

  private ManifestRecord record(ParsedManifest manifest) {
    List<Digest> references = new ArrayList<>();
    for (Descriptor d : manifest.requiredContent()) {
      references.add(d.digest());
    }
    Descriptor subject = manifest.subject();
    return new ManifestRecord(
        manifest.digest(),
        manifest.mediaType(),
        manifest.size(),
        manifest.artifactType(),
        subject == null ? null : subject.digest(),
        manifest.document().annotations(),
        references,
        clock.instant());
  }

  /** The manifest a tag or digest names, with its bytes. */
  public StoredManifest manifest(RepositoryName repository, String reference) {
    ManifestRecord record = findManifest(repository, ManifestReference.parse(reference));
    return new StoredManifest(record, () -> blobs.open(record.digest(), 0, -1));
  }

  /** Deletes a tag (the manifest stays) or a manifest by digest (with its tags). */
  public void deleteManifest(RepositoryName repository, String reference) {
    ManifestReference ref = ManifestReference.parse(reference);
    boolean deleted =
        ref.tag() != null
            ? store.deleteTag(repository, ref.tag())
            : store.deleteManifest(repository, requireNonNull(ref.digest()));
    if (!deleted) {
      throw manifestUnknown(repository, reference);
    }
  }

  public List<Tag> tags(RepositoryName repository, @Nullable Integer n, @Nullable String last) {
    requireRepository(repository);
    return store.tags(repository, pageSize(n), last);
  }

  public List<RepositoryName> catalog(@Nullable Integer n, @Nullable String last) {
    return store.repositories(pageSize(n), last);
  }

  public List<ManifestRecord> referrers(
      RepositoryName repository, Digest subject, @Nullable String artifactType) {
    return store.referrers(repository, subject, artifactType);
  }

  /**
   * Garbage collection of the registry's own metadata; the blob collector frees the bytes. A push
   * in flight is safe at any grace period: its links await their manifest and its untagged
   * manifests (an index's children, pushed before the index) may be named next, so both are kept
   * for the upload expiry, as the upload sessions are.
   */
  public ImageRegistryGcReport collectGarbage(
      Duration grace, boolean deleteUntagged, Duration uploadExpiry) {
    Instant now = clock.instant();
    Instant inFlight = now.minus(uploadExpiry.compareTo(grace) > 0 ? uploadExpiry : grace);
    int uploads = store.deleteUploadsStartedBefore(now.minus(uploadExpiry));
    int manifests = deleteUntagged ? store.deleteUntaggedManifests(now.minus(grace), inFlight) : 0;
    int links = store.unlinkUnreferencedBlobs(now.minus(grace), inFlight);
    return new ImageRegistryGcReport(uploads, manifests, links);
  }

  private ManifestRecord findManifest(RepositoryName repository, ManifestReference ref) {
    Digest digest =
        ref.digest() != null
            ? ref.digest()
            : store
                .resolveTag(repository, requireNonNull(ref.tag()))
                .orElseThrow(() -> manifestUnknown(repository, ref.toString()));
    return store
        .findManifest(repository, digest)
        .orElseThrow(() -> manifestUnknown(repository, ref.toString()));
  }

  private void requireRepository(RepositoryName repository) {
    if (!store.repositoryExists(repository)) {
      throw new OciException(
          OciErrorCode.NAME_UNKNOWN, "Repository '" + repository + "' is not known to Galley");
    }
  }

  /** The upload's chunks stored as one blob; a mismatch ends the session, nothing linked. */
  private LeasedBlob concatenate(
      RepositoryName repository, UUID id, List<UploadChunk> chunks, Digest digest) {
    try {
      return putExpecting(concatenation(chunks), digest);
    } catch (OciException e) {
      store.deleteUpload(repository, id);
      throw e;
    }
  }

  private LeasedBlob putExpecting(InputStream content, Digest digest) {
    try {
      return blobs.putLeased(content, digest);
    } catch (InvalidRequestException e) {
      throw new OciException(
          OciErrorCode.DIGEST_INVALID,
          "The uploaded bytes do not hash to " + digest + "; nothing was stored",
          e);
    }
  }

  /** The body with its first byte pushed back, or null when it has none. */
  private static @Nullable InputStream nonEmpty(InputStream body) {
    PushbackInputStream in = new PushbackInputStream(body, 1);
    try {
      int first = in.read();
      if (first < 0) {
        return null;
      }
      in.unread(first);
      return in;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The chunks' bytes in order, each opened only when the previous one is used up. */
  private InputStream concatenation(List<UploadChunk> chunks) {
    Iterator<UploadChunk> remaining = chunks.iterator();
    return new SequenceInputStream(
        new Enumeration<>() {
          @Override
          public boolean hasMoreElements() {
            return remaining.hasNext();
          }

          @Override
          public InputStream nextElement() {
            return blobs.open(remaining.next().digest(), 0, -1);
          }
        });
  }

  private static int pageSize(@Nullable Integer n) {
    if (n == null) {
      return DEFAULT_PAGE_SIZE;
    }
    if (n < 0) {
      throw new OciException(
          OciErrorCode.UNSUPPORTED,
          OciProblem.INVALID_PARAMETER,
          "n must not be negative, got " + n);
    }
    return Math.min(n, MAX_PAGE_SIZE);
  }

  private static OciException blobUnknown(RepositoryName repository, Digest digest) {
    return new OciException(
        OciErrorCode.BLOB_UNKNOWN, "Blob " + digest + " is not in repository '" + repository + "'");
  }

  private static OciException manifestUnknown(RepositoryName repository, String reference) {
    return new OciException(
        OciErrorCode.MANIFEST_UNKNOWN,
        "Manifest '" + reference + "' is not in repository '" + repository + "'");
  }

  private static OciException uploadUnknown(UUID id) {
    return new OciException(
        OciErrorCode.BLOB_UPLOAD_UNKNOWN,
        "Upload " + id + " is not in progress: it finished, was cancelled or never started");
  }

  private static OciException rangeInvalid(String message) {
    return new OciException(
        OciErrorCode.BLOB_UPLOAD_INVALID, OciProblem.RANGE_NOT_SATISFIABLE, message);
  }
}
