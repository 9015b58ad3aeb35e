package io.galley.client;

import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import org.jspecify.annotations.Nullable;

/**
 * The root of what {@link GalleyClient} throws: the server refused a request ({@link
 * GalleyApiException}) or could not be reached ({@link GalleyUnreachableException}). Unchecked, and
 * a {@link GalleyException}, so callers that handle Galley's errors in one place catch these too.
 */
public class GalleyClientException extends GalleyException {
  protected GalleyClientException(ErrorCode code, String message, @Nullable Throwable cause) {
    super(code, message, cause);
  }
}
