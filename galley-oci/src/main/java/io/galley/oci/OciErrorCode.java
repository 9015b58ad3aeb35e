package io.galley.oci;

import io.galley.core.ErrorCode;

/**
 * The distribution spec's error codes (code-1 to code-14), as they go on the wire in {@code
 * {"errors":[{"code":...}]}}. The spec names the codes but not their statuses; the statuses are
 * those of the reference registry (distribution's {@code registry/api/v2/errors.go} and {@code
 * errcode}), which clients and the conformance suite expect.
 */
public enum OciErrorCode {
  BLOB_UNKNOWN(404, "blob unknown to registry", ErrorCode.RESOURCE_DOES_NOT_EXIST),
  BLOB_UPLOAD_INVALID(400, "blob upload invalid", ErrorCode.INVALID_PARAMETER_VALUE),
  BLOB_UPLOAD_UNKNOWN(404, "blob upload unknown to registry", ErrorCode.RESOURCE_DOES_NOT_EXIST),
  DIGEST_INVALID(
      400, "provided digest did not match uploaded content", ErrorCode.INVALID_PARAMETER_VALUE),
  MANIFEST_BLOB_UNKNOWN(
      400,
      "manifest references a manifest or blob unknown to registry",
      ErrorCode.INVALID_PARAMETER_VALUE),
  MANIFEST_INVALID(400, "manifest invalid", ErrorCode.INVALID_PARAMETER_VALUE),
  MANIFEST_UNKNOWN(404, "manifest unknown to registry", ErrorCode.RESOURCE_DOES_NOT_EXIST),
  NAME_INVALID(400, "invalid repository name", ErrorCode.INVALID_PARAMETER_VALUE),
  NAME_UNKNOWN(404, "repository name not known to registry", ErrorCode.RESOURCE_DOES_NOT_EXIST),
  SIZE_INVALID(
      400, "provided length did not match content length", ErrorCode.INVALID_PARAMETER_VALUE),
  // Core has no authentication codes yet; the access-control issue adds them. Until then the
  // nearest core code keeps GalleyException's contract, and the OCI mapper uses httpStatus().
  UNAUTHORIZED(401, "authentication required", ErrorCode.BAD_REQUEST),
  DENIED(403, "requested access to the resource is denied", ErrorCode.BAD_REQUEST),
  UNSUPPORTED(405, "the operation is unsupported", ErrorCode.NOT_IMPLEMENTED),
  TOOMANYREQUESTS(429, "too many requests", ErrorCode.REQUEST_LIMIT_EXCEEDED);

  private final int httpStatus;
  private final String defaultMessage;
  private final ErrorCode galleyCode;

  OciErrorCode(int httpStatus, String defaultMessage, ErrorCode galleyCode) {
    this.httpStatus = httpStatus;
    this.defaultMessage = defaultMessage;
    this.galleyCode = galleyCode;
  }

  /** The HTTP status a registry answers with when it reports this code. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The spec's description of the code, for responses that have nothing more specific. */
  public String defaultMessage() {
    return defaultMessage;
  }

  /** The nearest core code, so an OCI error is also a {@link io.galley.core.GalleyException}. */
  public ErrorCode galleyCode() {
    return galleyCode;
  }
}
