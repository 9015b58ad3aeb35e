package io.galley.server.http;

import static java.util.Objects.requireNonNull;

import io.galley.core.ErrorCode;

/**
 * An error of the HTTP exchange itself rather than of the domain (no such endpoint, wrong method,
 * body too large): its own status, with an MLflow error code for the body.
 */
public final class HttpError extends RuntimeException {
  private final int status;
  private final ErrorCode code;

  public HttpError(int status, ErrorCode code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = requireNonNull(code, "code");
  }

  public int status() {
    return status;
  }

  public ErrorCode code() {
    return code;
  }
}
