package io.galley.store.blob;

import static io.galley.store.blob.UploadSpool.storageError;
import static java.util.Objects.requireNonNull;

import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import io.galley.core.InvalidRequestException;
import io.galley.core.NotFoundException;
import io.galley.core.blob.AbandonedUploads;
import io.galley.core.blob.BlobInfo;
import io.galley.core.blob.BlobLeases;
import io.galley.core.blob.BlobStore;
import io.galley.core.blob.Digest;
import io.galley.core.blob.LeasedBlob;
import io.galley.core.blob.StoredBlob;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Blobs as objects under {@code s3://bucket/<prefix>/sha256/<hex>} in any S3-compatible store (AWS
 * S3, MinIO, Ceph, s3proxy...).
 *
 * <p>A put spools the stream to a local temp file while hashing it (memory stays bounded whatever
 * the blob's size), then uploads the file under its digest's key: with one PutObject, or as a
 * multipart upload above {@link Tuning#multipartThreshold()}. S3 makes an object visible only once
 * its upload completes, so a failed put never leaves a partial blob readable. When the object is
 * already there, the put uploads nothing and copies the object onto itself instead, which gives it
 * a fresh LastModified: that is the time {@link #forEach} reports, and garbage collection counts
 * its grace period from it.
 */
public final class S3BlobStore implements BlobStore {
  /** Environment variables and system properties that name the S3 endpoint, first match wins. */
  static final List<String> ENDPOINT_ENV = List.of("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL");

  static final List<String> ENDPOINT_PROPERTIES = List.of("aws.endpointUrlS3", "aws.endpointUrl");

  /** S3's limits: a single PutObject or CopyObject takes at most 5 GiB, an upload 10,000 parts. */
  static final long MAX_SINGLE_OBJECT = 5L * 1024 * 1024 * 1024;

  static final int MAX_PARTS = 10_000;
  static final long MIN_PART_SIZE = 5L * 1024 * 1024;

  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  /**
   * When uploads and copies go multipart, and in parts of what size (S3 wants parts of at least 5
   * MiB but the last; the part size grows when a blob would otherwise need more than 10,000).
   */
  public record Tuning(long multipartThreshold, long partSize) {
    public static final Tuning DEFAULT = new Tuning(MAX_SINGLE_OBJECT, 64L * 1024 * 1024);

    public Tuning {
      if (multipartThreshold < 1 || multipartThreshold > MAX_SINGLE_OBJECT) {
        throw new IllegalArgumentException(
            "multipartThreshold must be between 1 and 5 GiB, got " + multipartThreshold);
      }
      if (partSize < MIN_PART_SIZE || partSize > MAX_SINGLE_OBJECT) {
        throw new IllegalArgumentException(
            "partSize must be between 5 MiB and 5 GiB, got " + partSize);
      }
    }

    long partSizeFor(long size) {
      return Math.max(partSize, (size + MAX_PARTS - 1) / MAX_PARTS);
    }
  }

  private final S3Client s3;
  private final S3Location location;
  private final UploadSpool spool;
  private final BlobLeases leases = new BlobLeases();
  private final Tuning tuning;

  private S3BlobStore(S3Client s3, S3Location location, UploadSpool spool, Tuning tuning) {
    this.s3 = s3;
    this.location = location;
    this.spool = spool;
    this.tuning = tuning;
  }

  /**
   * A store on an existing client. {@code tmp} holds the temp files of puts in progress (created if
   * needed).
   */
  public static S3BlobStore open(S3Client s3, S3Location location, Path tmp, Tuning tuning) {
    requireNonNull(s3, "s3");
    requireNonNull(location, "location");
    requireNonNull(tmp, "tmp");
    requireNonNull(tuning, "tuning");
    return new S3BlobStore(s3, location, UploadSpool.open(tmp), tuning);
  }

  /**
   * Fails unless the bucket exists and the credentials may see it, so that a server stops at start
   * rather than at its first upload.
   */
  public void checkAccess() {
    try {
      s3.headBucket(b -> b.bucket(location.bucket()));
    } catch (NoSuchBucketException e) {
      throw new GalleyException(
          ErrorCode.INTERNAL_ERROR, "The bucket of " + location + " does not exist", e);
    } catch (S3Exception e) {
      String why =
          switch (e.statusCode()) {
            case 404 -> "the bucket does not exist";
            case 301, 400 -> "the bucket is in another region (set AWS_REGION) or misnamed";
            case 401, 403 -> "access denied (check the AWS credentials)";
            default -> "HTTP " + e.statusCode();
          };
      throw new GalleyException(ErrorCode.INTERNAL_ERROR, "Cannot use " + location + ": " + why, e);
    } catch (SdkException e) {
      throw storageError("Cannot reach " + location, e);
    }
  }

  /**
   * A store whose client is configured as AWS's tools configure theirs: credentials and region from
   * the SDK's default chain, the region from the environment or the AWS profile ({@code us-east-1}
   * when none is set), the endpoint from {@code AWS_ENDPOINT_URL_S3} / {@code AWS_ENDPOINT_URL} (or
   * the system properties {@code aws.endpointUrlS3} / {@code aws.endpointUrl}). An explicit
   * endpoint (MinIO, Ceph, s3proxy...) gets path-style addressing.
   */
  public static S3BlobStore open(S3Location location, Path tmp) {
    return open(client(endpoint(System.getenv())), location, tmp, Tuning.DEFAULT);
  }

  /**
   * A client for {@code endpoint} (null: AWS itself) with the SDK's default credentials chain and
   * the region as {@link #region()} finds it.
   */
  public static S3Client client(@Nullable URI endpoint) {
    return builder(endpoint).build();
  }

  static S3ClientBuilder builder(@Nullable URI endpoint) {
    S3ClientBuilder builder = S3Client.builder().region(region());
    if (endpoint != null) {
      builder
          .endpointOverride(endpoint)
          .forcePathStyle(true)
          // S3-compatible servers do not all know the SDK's newer default checksums.
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    return builder;
  }

  /** The endpoint that the environment or the system properties name, if any. */
  static @Nullable URI endpoint(Map<String, String> env) {
    for (String property : ENDPOINT_PROPERTIES) {
      String value = System.getProperty(property);
      if (value != null && !value.isBlank()) {
        return endpointUri(property, value);
      }
    }
    for (String variable : ENDPOINT_ENV) {
      String value = env.get(variable);
      if (value != null && !value.isBlank()) {
        return endpointUri(variable, value);
      }
    }
    return null;
  }

  private static URI endpointUri(String source, String value) {
    try {
      URI uri = URI.create(value.strip());
      if (uri.getScheme() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          || uri.getHost() == null) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(
          "Invalid S3 endpoint in " + source + " ('" + value + "'): " + e.getMessage());
    }
  }

  /**
   * The region from {@code aws.region} / {@code AWS_REGION} or the AWS profile, else {@code
   * us-east-1}. Unlike the SDK's default chain this never asks EC2's instance metadata service: off
   * AWS that is a request to a link-local address that nothing answers; on EC2, set {@code
   * AWS_REGION}.
   */
  private static Region region() {
    try {
      return new AwsRegionProviderChain(
              new SystemSettingsRegionProvider(), new AwsProfileRegionProvider())
          .getRegion();
    } catch (SdkException none) {
      return Region.US_EAST_1;
    }
  }

  public S3Location location() {
    return location;
  }

  @Override
  public LeasedBlob putLeased(InputStream content, @Nullable Digest expected) {
    // No fsync: the file is read back for the upload and deleted; S3 makes the blob durable.
    try (UploadSpool.Spooled spooled =
        spool.spool(requireNonNull(content, "content"), expected, false)) {
      BlobInfo info = spooled.info();
      return leases.store(
          info,
          () -> {
            Optional<HeadObjectResponse> existing = head(info.digest());
            if (existing.isPresent()) {
              refresh(info.digest(), existing.get().contentLength());
            } else {
              upload(spooled.file(), info);
            }
          });
    }
  }

  @Override
  public BlobLeases leases() {
    return leases;
  }

  @Override
  public AbandonedUploads reclaimAbandonedUploads(boolean dryRun) {
    return spool.reclaimAbandoned(dryRun);
  }

  @Override
  public Optional<BlobInfo> stat(Digest digest) {
    requireNonNull(digest, "digest");
    return head(digest).map(h -> new BlobInfo(digest, h.contentLength()));
  }

  @Override
  public InputStream open(Digest digest, long offset, long length) {
    requireNonNull(digest, "digest");
    if (offset < 0) {
      throw new InvalidRequestException("Range offset must not be negative, got " + offset);
    }
    long size =
        head(digest)
            .orElseThrow(() -> new NotFoundException("Blob " + digest + " does not exist"))
            .contentLength();
    if (offset > size) {
      throw new InvalidRequestException(
          "Range starts at "
              + offset
              + ", past the end of blob "
              + digest
              + " ("
              + size
              + " bytes)");
    }
    long available = size - offset;
    long count = length < 0 ? available : Math.min(length, available);
    if (count == 0) {
      return InputStream.nullInputStream(); // S3 has no empty range
    }
    String range = "bytes=" + offset + "-" + (offset + count - 1);
    try {
      ResponseInputStream<GetObjectResponse> in =
          s3.getObject(
              b -> b.bucket(location.bucket()).key(location.key(digest)).range(range),
              ResponseTransformer.toInputStream());
      return new ObjectStream(in, count);
    } catch (NoSuchKeyException e) {
      throw new NotFoundException("Blob " + digest + " does not exist");
    } catch (SdkException e) {
      throw storageError("Cannot read blob " + digest, e);
    }
  }

  @Override
  public boolean delete(Digest digest) {
    requireNonNull(digest, "digest");
    if (head(digest).isEmpty()) {
      return false; // S3 answers a delete of nothing as it answers any other
    }
    try {
      s3.deleteObject(b -> b.bucket(location.bucket()).key(location.key(digest)));
      return true;
    } catch (SdkException e) {
      throw storageError("Cannot delete blob " + digest, e);
    }
  }

  @Override
  public void forEach(Consumer<StoredBlob> action) {
    requireNonNull(action, "action");
    String prefix = location.blobsPrefix();
    try {
      for (S3Object object :
          s3.listObjectsV2Paginator(b -> b.bucket(location.bucket()).prefix(prefix)).contents()) {
        String name = object.key().substring(prefix.length());
        if (HEX.matcher(name).matches() && object.size() != null) {
          Instant storedAt = object.lastModified() == null ? Instant.EPOCH : object.lastModified();
          action.accept(new StoredBlob(new Digest(name), object.size(), storedAt));
        }
      }
    } catch (SdkException e) {
      throw storageError("Cannot list blobs under " + location, e);
    }
  }

  private void upload(Path file, BlobInfo info) {
    String key = location.key(info.digest());
    try {
      if (info.size() >= tuning.multipartThreshold() && info.size() > 0) {
        uploadMultipart(file, info.size(), key);
      } else {
        s3.putObject(
            b -> b.bucket(location.bucket()).key(key).contentLength(info.size()),
            RequestBody.fromFile(file));
      }
    } catch (SdkException e) {
      throw storageError("Cannot store blob " + info.digest(), e);
    }
  }

  private void uploadMultipart(Path file, long size, String key) {
    multipart(
        key,
        size,
        Map.of(),
        (uploadId, partNumber, from, count) ->
            s3.uploadPart(
                    b ->
                        b.bucket(location.bucket())
                            .key(key)
                            .uploadId(uploadId)
                            .partNumber(partNumber)
                            .contentLength(count),
                    RequestBody.fromContentProvider(
                        () -> openRange(file, from, count), count, "application/octet-stream"))
                .eTag());
  }

  /**
   * Gives an existing blob a fresh LastModified by copying it onto itself (S3 allows that only when
   * the metadata is replaced), in parts when it is too large for one copy.
   */
  private void refresh(Digest digest, long size) {
    String key = location.key(digest);
    Map<String, String> metadata = Map.of("galley-stored-at", Instant.now().toString());
    try {
      if (size < tuning.multipartThreshold()) {
        s3.copyObject(
            b ->
                b.sourceBucket(location.bucket())
                    .sourceKey(key)
                    .destinationBucket(location.bucket())
                    .destinationKey(key)
                    .metadataDirective(MetadataDirective.REPLACE)
                    .metadata(metadata));
      } else {
        copyMultipart(key, size, metadata);
      }
    } catch (NoSuchKeyException e) {
      // Deleted between the HEAD and the copy by something other than this server's collector
      // (which honours the lease this put holds): fail rather than return a digest not stored.
      throw new GalleyException(
          ErrorCode.INTERNAL_ERROR,
          "Blob " + digest + " was deleted while it was being stored again; retry the put",
          e);
    } catch (SdkException e) {
      throw storageError("Cannot refresh blob " + digest, e);
    }
  }

  private void copyMultipart(String key, long size, Map<String, String> metadata) {
    multipart(
        key,
        size,
        metadata,
        (uploadId, partNumber, from, count) ->
            s3.uploadPartCopy(
                    b ->
                        b.sourceBucket(location.bucket())
                            .sourceKey(key)
                            .destinationBucket(location.bucket())
                            .destinationKey(key)
                            .uploadId(uploadId)
                            .partNumber(partNumber)
                            .copySourceRange("bytes=" + from + "-" + (from + count - 1)))
                .copyPartResult()
                .eTag());
  }

  /** Sends one part of a multipart upload and returns its ETag. */
  @FunctionalInterface
  private interface PartSender {
    String send(String uploadId, int partNumber, long from, long count);
  }

  /**
   * A multipart upload of {@code size} bytes to {@code key}, in parts sized by the tuning, each
   * sent by {@code sender}; aborted on any failure, so no half-written object is left behind.
   */
  private void multipart(String key, long size, Map<String, String> metadata, PartSender sender) {
    long partSize = tuning.partSizeFor(size);
    String uploadId =
        s3.createMultipartUpload(b -> b.bucket(location.bucket()).key(key).metadata(metadata))
            .uploadId();
    try {
      List<CompletedPart> parts = new ArrayList<>();
      int partNumber = 1;
      for (long start = 0; start < size; start += partSize, partNumber++) {
        String etag = sender.send(uploadId, partNumber, start, Math.min(partSize, size - start));
        parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
      }
      s3.completeMultipartUpload(
          b ->
              b.bucket(location.bucket())
                  .key(key)
                  .uploadId(uploadId)
                  .multipartUpload(m -> m.parts(parts)));
    } catch (RuntimeException e) {
      abortQuietly(key, uploadId, e);
      throw e;
    }
  }

  private void abortQuietly(String key, String uploadId, RuntimeException primary) {
    try {
      s3.abortMultipartUpload(b -> b.bucket(location.bucket()).key(key).uploadId(uploadId));
    } catch (RuntimeException e) {
      primary.addSuppressed(e);
    }
  }

  private Optional<HeadObjectResponse> head(Digest digest) {
    try {
      return Optional.of(s3.headObject(b -> b.bucket(location.bucket()).key(location.key(digest))));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw storageError("Cannot stat blob " + digest, e);
    } catch (SdkException e) {
      throw storageError("Cannot stat blob " + digest, e);
    }
  }

  private static InputStream openRange(Path file, long start, long count) {
    try {
      return new RangeInputStream(FileChannel.open(file, StandardOpenOption.READ), start, count);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read temp file " + file, e);
    }
  }

  /**
   * A ranged GET's body: closing it before its end aborts the connection instead of draining the
   * rest of the range.
   */
  private static final class ObjectStream extends FilterInputStream {
    private final ResponseInputStream<GetObjectResponse> response;
    private long remaining;

    ObjectStream(ResponseInputStream<GetObjectResponse> response, long count) {
      super(response);
      this.response = response;
      this.remaining = count;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        remaining--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      remaining -= skipped;
      return skipped;
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    @Override
    public void close() throws IOException {
      if (remaining > 0) {
        response.abort();
      }
      super.close();
    }
  }
}
