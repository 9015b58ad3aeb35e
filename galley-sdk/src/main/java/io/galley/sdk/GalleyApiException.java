package io.galley.sdk;

import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;

/**
 * The tracking server refused a request (an HTTP 4xx, or a 5xx that outlasted the retries). {@link
 * #errorCode()} is the server's {@code error_code} as sent (MLflow's names); {@link #code()} is the
 * same as an {@link ErrorCode} when Galley knows it, else {@link ErrorCode#BAD_REQUEST} for a 4xx
 * and {@link ErrorCode#INTERNAL_ERROR} for the rest.
 */
public class GalleyApiException extends GalleyException {
  private final int httpStatus;
  private final String errorCode;

  public GalleyApiException(int httpStatus, String errorCode, String message) {
    super(known(httpStatus, errorCode), message);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  /** The HTTP status of the answer. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The server's {@code error_code}, e.g. {@code INVALID_PARAMETER_VALUE}. */
  public String errorCode() {
    return errorCode;
  }

  private static ErrorCode known(int status, String code) {
    for (ErrorCode c : ErrorCode.values()) {
      if (c.name().equals(code)) {
        return c;
      }
    }
    return status < 500 ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL_ERROR;
  }
}
