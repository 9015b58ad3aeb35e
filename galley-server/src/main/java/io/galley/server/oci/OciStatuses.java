package io.galley.server.oci;

import io.galley.oci.OciErrorCode;
import io.galley.oci.OciException;

/**
 * The HTTP status of each OCI error. The distribution spec names the codes but not their statuses;
 * these are the reference registry's (distribution's {@code registry/api/v2/errors.go} and {@code
 * errcode}), which clients and the conformance suite expect.
 */
final class OciStatuses {
  private OciStatuses() {}

  static int of(OciException e) {
    return switch (e.problem()) {
      case RANGE_NOT_SATISFIABLE -> 416;
      case TOO_LARGE -> 413;
      case TOO_SLOW -> 408;
      case UNKNOWN_ENDPOINT -> 404;
      case INVALID_PARAMETER -> 400;
      case AS_CODED -> of(e.ociCode());
    };
  }

  static int of(OciErrorCode code) {
    return switch (code) {
      case BLOB_UNKNOWN, BLOB_UPLOAD_UNKNOWN, MANIFEST_UNKNOWN, NAME_UNKNOWN -> 404;
      case BLOB_UPLOAD_INVALID,
          DIGEST_INVALID,
          MANIFEST_BLOB_UNKNOWN,
          MANIFEST_INVALID,
          NAME_INVALID,
          SIZE_INVALID ->
          400;
      case UNAUTHORIZED -> 401;
      case DENIED -> 403;
      case UNSUPPORTED -> 405;
      case TOOMANYREQUESTS -> 429;
    };
  }
}
