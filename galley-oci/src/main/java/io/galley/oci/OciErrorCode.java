package io.galley.oci;

import io.galley.core.ErrorCode;

/**
 * The distribution spec's error codes (code-1 to code-14), as they go on the wire in {@code
 * {"errors":[{"code":...}]}}. The spec names the codes but not their statuses: the HTTP status of
 * each is the server's business ({@code io.galley.server.oci.OciStatuses}), not this module's.
 */
public enum OciErrorCode {
  BLOB_UNKNOWN("blob unknown to registry", ErrorCode.RESOURCE_DOES_NOT_EXIST),
  BLOB_UPLOAD_INVALID("blob upload invalid", ErrorCode.INVALID_PARAMETER_VALUE),
  BLOB_UPLOAD_UNKNOWN("blob upload unknown to registry", ErrorCode.RESOURCE_DOES_NOT_EXIST),
  DIGEST_INVALID(
      "provided digest did not match uploaded content", ErrorCode.INVALID_PARAMETER_VALUE),
  MANIFEST_BLOB_UNKNOWN(
      "manifest references a manifest or blob unknown to registry",
      ErrorCode.INVALID_PARAMETER_VALUE),
  MANIFEST_INVALID("manifest invalid", ErrorCode.INVALID_PARAMETER_VALUE),
  MANIFEST_UNKNOWN("manifest unknown to registry", ErrorCode.RESOURCE_DOES_NOT_EXIST),
  NAME_INVALID("invalid repository name", ErrorCode.INVALID_PARAMETER_VALUE),
  NAME_UNKNOWN("repository name not known to registry", ErrorCode.RESOURCE_DOES_NOT_EXIST),
  SIZE_INVALID("provided length did not match content length", ErrorCode.INVALID_PARAMETER_VALUE),
  // Core has no authentication codes yet; the access-control issue adds them. Until then the
  // nearest core code keeps GalleyException's contract, and the OCI mapper answers 401/403.
  UNAUTHORIZED("authentication required", ErrorCode.BAD_REQUEST),
  DENIED("requested access to the resource is denied", ErrorCode.BAD_REQUEST),
  UNSUPPORTED("the operation is unsupported", ErrorCode.NOT_IMPLEMENTED),
  TOOMANYREQUESTS("too many requests", ErrorCode.REQUEST_LIMIT_EXCEEDED);

  private final String defaultMessage;
  private final ErrorCode galleyCode;

  OciErrorCode(String defaultMessage, ErrorCode galleyCode) {
    this.defaultMessage = defaultMessage;
    this.galleyCode = galleyCode;
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
