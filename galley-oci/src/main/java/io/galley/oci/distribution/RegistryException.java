package io.galley.oci.distribution;

import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import org.jspecify.annotations.Nullable;

/**
 * A registry's refusal: the HTTP status, the distribution spec's error code from its body ({@code
 * MANIFEST_UNKNOWN}, {@code UNAUTHORIZED}, ...) and a message worded as Docker's CLI words it
 * ({@code manifest unknown}); or a registry that could not be reached at all (status 0).
 */
public final class RegistryException extends GalleyException {
  private final int status;
  private final @Nullable String registryCode;

  RegistryException(int status, @Nullable String registryCode, String message) {
    super(codeFor(status), message);
    this.status = status;
    this.registryCode = registryCode;
  }

  RegistryException(String message, Throwable cause) {
    super(ErrorCode.TEMPORARILY_UNAVAILABLE, message, cause);
    this.status = 0;
    this.registryCode = null;
  }

  /** The registry's HTTP status; 0 when it did not answer. */
  public int status() {
    return status;
  }

  /** The spec's error code the registry answered with, if its body had one. */
  public @Nullable String registryCode() {
    return registryCode;
  }

  public boolean unreachable() {
    return status == 0;
  }

  private static ErrorCode codeFor(int status) {
    return switch (status) {
      case 400 -> ErrorCode.BAD_REQUEST;
      case 401 -> ErrorCode.UNAUTHENTICATED;
      case 403 -> ErrorCode.PERMISSION_DENIED;
      case 404 -> ErrorCode.RESOURCE_DOES_NOT_EXIST;
      case 409 -> ErrorCode.RESOURCE_CONFLICT;
      case 429 -> ErrorCode.REQUEST_LIMIT_EXCEEDED;
      default -> ErrorCode.TEMPORARILY_UNAVAILABLE;
    };
  }
}
