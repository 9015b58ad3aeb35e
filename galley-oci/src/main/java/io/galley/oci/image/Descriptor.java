package io.galley.oci.image;

import static java.util.Objects.requireNonNull;

import io.galley.core.InvalidRequestException;
import io.galley.core.blob.Digest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A reference to content by media type, digest and size ({@code descriptor.md}). {@code platform}
 * appears only on the entries of an index; {@code artifactType} only where the referenced content
 * is an artifact manifest.
 */
public record Descriptor(
    String mediaType,
    Digest digest,
    long size,
    List<String> urls,
    Map<String, String> annotations,
    @Nullable String artifactType,
    @Nullable Platform platform) {
  public Descriptor {
    requireNonNull(mediaType, "mediaType");
    requireNonNull(digest, "digest");
    if (!MediaTypes.isValid(mediaType)) {
      throw new InvalidRequestException(
          "Invalid media type '" + mediaType + "': expected type/subtype as RFC 6838 defines");
    }
    if (size < 0) {
      throw new InvalidRequestException("Invalid size " + size + " for " + digest);
    }
    if (artifactType != null && !MediaTypes.isValid(artifactType)) {
      throw new InvalidRequestException("Invalid artifactType '" + artifactType + "'");
    }
    urls = List.copyOf(urls);
    annotations = copyOf(annotations);
  }

  public static Descriptor of(String mediaType, Digest digest, long size) {
    return new Descriptor(mediaType, digest, size, List.of(), Map.of(), null, null);
  }

  public Descriptor withPlatform(@Nullable Platform newPlatform) {
    return new Descriptor(mediaType, digest, size, urls, annotations, artifactType, newPlatform);
  }

  public Descriptor withAnnotations(Map<String, String> newAnnotations) {
    return new Descriptor(mediaType, digest, size, urls, newAnnotations, artifactType, platform);
  }

  public Descriptor withArtifactType(@Nullable String newArtifactType) {
    return new Descriptor(mediaType, digest, size, urls, annotations, newArtifactType, platform);
  }

  /** An unmodifiable copy that keeps the order keys were written in (Map.copyOf does not). */
  static Map<String, String> copyOf(Map<String, String> map) {
    Map<String, String> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(requireNonNull(k, "key"), requireNonNull(v, k)));
    return Collections.unmodifiableMap(copy);
  }
}
