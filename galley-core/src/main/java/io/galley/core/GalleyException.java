package io.galley.core;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * The one unchecked root of Galley's errors. Each carries an {@link ErrorCode} that the API layers
 * turn into their own wire form (MLflow's {@code error_code}, OCI's {@code code}).
 */
public class GalleyException extends RuntimeException {
  private final ErrorCode code;

  public GalleyException(ErrorCode code, String message) {
    super(message);
    this.code = requireNonNull(code, "code");
  }

  public GalleyException(ErrorCode code, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.code = requireNonNull(code, "code");
  }

  public ErrorCode code() {
    return code;
  }
}
