package io.galley.oci;

import static java.util.Objects.requireNonNull;

import io.galley.core.GalleyException;

/**
 * An error the {@code /v2/} API reports with one of the distribution spec's codes. It stays under
 * Galley's one exception root; the OCI exception mapper reads {@link #ociCode()}.
 */
public class OciException extends GalleyException {
  private final OciErrorCode ociCode;

  public OciException(OciErrorCode ociCode, String message) {
    super(requireNonNull(ociCode, "ociCode").galleyCode(), message);
    this.ociCode = ociCode;
  }

  public OciException(OciErrorCode ociCode, String message, Throwable cause) {
    super(requireNonNull(ociCode, "ociCode").galleyCode(), message, cause);
    this.ociCode = ociCode;
  }

  public OciErrorCode ociCode() {
    return ociCode;
  }

  /** The HTTP status the registry answers with. */
  public int httpStatus() {
    return ociCode.httpStatus();
  }
}
