package io.galley.oci;

import static java.util.Objects.requireNonNull;

import io.galley.core.GalleyException;

/**
 * An error the {@code /v2/} API reports with one of the distribution spec's codes. It stays under
 * Galley's one exception root; the OCI exception mapper reads {@link #ociCode()}.
 */
public class OciException extends GalleyException {
  private final OciErrorCode ociCode;
  private final OciProblem problem;

  public OciException(OciErrorCode ociCode, String message) {
    this(ociCode, OciProblem.AS_CODED, message);
  }

  public OciException(OciErrorCode ociCode, String message, Throwable cause) {
    super(requireNonNull(ociCode, "ociCode").galleyCode(), message, cause);
    this.ociCode = ociCode;
    this.problem = OciProblem.AS_CODED;
  }

  /**
   * An error whose code does not say it all: the spec answers an out-of-order chunk with {@code
   * BLOB_UPLOAD_INVALID} and a too-large manifest with {@code SIZE_INVALID}, each with a status of
   * its own.
   */
  public OciException(OciErrorCode ociCode, OciProblem problem, String message) {
    super(requireNonNull(ociCode, "ociCode").galleyCode(), message);
    this.ociCode = ociCode;
    this.problem = requireNonNull(problem, "problem");
  }

  public OciErrorCode ociCode() {
    return ociCode;
  }

  /** What was wrong beyond the code. */
  public OciProblem problem() {
    return problem;
  }
}
