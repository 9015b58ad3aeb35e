package io.galley.store.blob;

import static java.util.Objects.requireNonNull;

import io.galley.core.InvalidRequestException;
import io.galley.core.blob.Digest;
import java.util.regex.Pattern;

/**
 * Where an {@link S3BlobStore} keeps its blobs: a bucket and a key prefix, written {@code
 * s3://bucket/prefix}. A blob lives under {@code <prefix>/sha256/<hex>} ({@code sha256/<hex>} with
 * no prefix).
 */
public record S3Location(String bucket, String prefix) {
  static final String OPTION = "--artifacts-destination";

  // S3's rules for new buckets; MinIO and s3proxy accept a superset of what they allow.
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  public S3Location {
    requireNonNull(bucket, "bucket");
    requireNonNull(prefix, "prefix");
    if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      throw invalid("'" + bucket + "' is not a valid S3 bucket name");
    }
    if (prefix.startsWith("/") || prefix.endsWith("/") || prefix.contains("//")) {
      throw invalid("the key prefix '" + prefix + "' must not start or end with / nor hold //");
    }
  }

  /** Parses {@code s3://bucket} or {@code s3://bucket/some/prefix} (a trailing slash is fine). */
  public static S3Location parse(String uri) {
    requireNonNull(uri, "uri");
    String scheme = "s3://";
    if (!uri.regionMatches(true, 0, scheme, 0, scheme.length())) {
      throw invalid("expected s3://bucket/prefix, got '" + uri + "'");
    }
    String rest = uri.substring(scheme.length());
    if (rest.contains("?") || rest.contains("#")) {
      throw invalid("expected s3://bucket/prefix without a query or fragment, got '" + uri + "'");
    }
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    while (prefix.endsWith("/")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    if (bucket.isEmpty()) {
      throw invalid("no bucket in '" + uri + "'");
    }
    return new S3Location(bucket, prefix);
  }

  /** The key prefix under which every blob lives, ending with a slash. */
  public String blobsPrefix() {
    return (prefix.isEmpty() ? "" : prefix + "/") + Digest.ALGORITHM + "/";
  }

  public String key(Digest digest) {
    return blobsPrefix() + digest.hex();
  }

  @Override
  public String toString() {
    return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
  }

  private static InvalidRequestException invalid(String why) {
    return new InvalidRequestException("Invalid " + OPTION + ": " + why);
  }
}
