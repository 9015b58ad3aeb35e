package io.galley.sdk;

import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import org.jspecify.annotations.Nullable;

/**
 * The tracking server could not be reached, or kept answering 429/5xx, for longer than the retry
 * timeout ({@link Galley.Builder#retryTimeout}). The message names the server and the last error.
 */
public class GalleyUnreachableException extends GalleyException {
  public GalleyUnreachableException(String message, @Nullable Throwable cause) {
    super(ErrorCode.TEMPORARILY_UNAVAILABLE, message, cause);
  }
}
