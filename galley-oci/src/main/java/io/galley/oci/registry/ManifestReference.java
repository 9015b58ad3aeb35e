package io.galley.oci.registry;

import io.galley.core.InvalidRequestException;
import io.galley.core.blob.Digest;
import io.galley.oci.OciErrorCode;
import io.galley.oci.OciException;
import io.galley.oci.name.Tag;
import org.jspecify.annotations.Nullable;

/**
 * The {@code <reference>} of a manifest URL: a tag or a digest, exactly one of them. A reference
 * with a colon is a digest (tags cannot hold one); anything else must be a valid tag.
 */
public record ManifestReference(@Nullable Tag tag, @Nullable Digest digest) {
  public ManifestReference {
    if ((tag == null) == (digest == null)) {
      throw new IllegalArgumentException("exactly one of tag and digest");
    }
  }

  public static ManifestReference parse(String reference) {
    if (reference.indexOf(':') >= 0) {
      try {
        return new ManifestReference(null, Digest.parse(reference));
      } catch (InvalidRequestException e) {
        throw new OciException(
            OciErrorCode.DIGEST_INVALID,
            "Invalid digest '" + shorten(reference) + "': expected sha256:<64 lowercase hex>");
      }
    }
    if (!Tag.isValid(reference)) {
      throw new OciException(
          OciErrorCode.MANIFEST_INVALID,
          "Invalid tag '"
              + shorten(reference)
              + "': up to 128 of [A-Za-z0-9_.-], not starting with '.' or '-'");
    }
    return new ManifestReference(Tag.of(reference), null);
  }

  private static String shorten(String s) {
    return s.length() > 140 ? s.substring(0, 140) + "..." : s;
  }

  @Override
  public String toString() {
    return tag != null ? tag.toString() : String.valueOf(digest);
  }
}
