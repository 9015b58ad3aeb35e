package io.galley.oci;

import static java.util.Objects.requireNonNull;

import io.galley.core.GalleyException;

/**
 * An error the {@code /v2/} API reports with one of the distribution spec's codes. It stays under
 * Galley's one exception root; the OCI exception mapper reads {@link #ociCode()}.
 */
public class OciException extends GalleyException {
  private final OciErrorCode ociCode;
  private final int httpStatus;

  public OciException(OciErrorCode ociCode, String message) {
    super(requireNonNull(ociCode, "ociCode").galleyCode(), message);
    this.ociCode = ociCode;
    this.httpStatus = ociCode.httpStatus();
  }

  public OciException(OciErrorCode ociCode, String message, Throwable cause) {
    super(requireNonNull(ociCode, "ociCode").galleyCode(), message, cause);
    this.ociCode = ociCode;
    this.httpStatus = ociCode.httpStatus();
  }

  /**
   * An error whose status is not its code's usual one: the spec answers an out-of-order chunk with
   * 416 and a too-large manifest with 413, each with a code whose usual status is 400.
   */
  public OciException(OciErrorCode ociCode, int httpStatus, String message) {
    super(requireNonNull(ociCode, "ociCode").galleyCode(), message);
    if (httpStatus < 400 || httpStatus > 499) {
      throw new IllegalArgumentException("not a client error status: " + httpStatus);
    }
    this.ociCode = ociCode;
    this.httpStatus = httpStatus;
  }

  public OciErrorCode ociCode() {
    return ociCode;
  }

  /** The HTTP status the registry answers with. */
  public int httpStatus() {
    return httpStatus;
  }
}
