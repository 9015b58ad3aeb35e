package io.galley.server.oci;

import io.galley.core.GalleyException;
import io.galley.core.InvalidRequestException;
import io.galley.core.blob.Digest;
import io.galley.oci.OciErrorCode;
import io.galley.oci.OciException;
import io.galley.oci.name.RepositoryName;
import java.util.Locale;
import java.util.UUID;

/** The path and query parameters of {@code /v2/}, each refused with the spec's code. */
final class ImageRegistryParams {
  private ImageRegistryParams() {}

  static Digest digest(String value, String what) {
    try {
      return Digest.parse(value);
    } catch (InvalidRequestException e) {
      throw new OciException(
          OciErrorCode.DIGEST_INVALID,
          "Invalid "
              + what
              + " '"
              + ImageRegistryPath.shorten(value)
              + "': expected sha256:<64 lowercase hex digits>");
    }
  }

  static RepositoryName repository(String value) {
    if (!RepositoryName.isValid(value)) {
      throw new OciException(
          OciErrorCode.NAME_INVALID,
          "Invalid repository name '" + ImageRegistryPath.shorten(value) + "' in from=");
    }
    return RepositoryName.of(value);
  }

  static UUID uploadId(String value) {
    try {
      UUID id = UUID.fromString(value);
      if (id.toString().equals(value.toLowerCase(Locale.ROOT))) {
        return id;
      }
    } catch (IllegalArgumentException e) {
      // Unknown below.
    }
    throw new OciException(
        OciErrorCode.BLOB_UPLOAD_UNKNOWN,
        "Upload '" + ImageRegistryPath.shorten(value) + "' is not in progress");
  }

  /** Refuses a method the endpoint does not take, with the spec's UNSUPPORTED. */
  static void only(String method, String... allowed) {
    for (String a : allowed) {
      if (a.equals(method)) {
        return;
      }
    }
    throw unsupportedMethod(method, "this endpoint");
  }

  static GalleyException unsupportedMethod(String method, String what) {
    return new OciException(
        OciErrorCode.UNSUPPORTED, "Method " + method + " is not supported on " + what);
  }
}
