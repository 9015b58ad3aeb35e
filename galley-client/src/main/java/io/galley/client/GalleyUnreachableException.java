package io.galley.client;

import io.galley.core.ErrorCode;
import java.net.URI;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The server could not be reached, or kept answering 429/5xx, for longer than the retry timeout.
 * The message names the server and the last error; {@link #reason()} is that error alone, for a
 * front end that words its own message, and {@link #lastRefusal()} the server's last 429/5xx answer
 * when there was one.
 */
public class GalleyUnreachableException extends GalleyClientException {
  private final @Nullable URI server;
  private final String reason;

  public GalleyUnreachableException(String message, @Nullable Throwable cause) {
    this(message, null, message, cause);
  }

  public GalleyUnreachableException(
      String message, @Nullable URI server, String reason, @Nullable Throwable cause) {
    super(ErrorCode.TEMPORARILY_UNAVAILABLE, message, cause);
    this.server = server;
    this.reason = reason;
  }

  /** The server's base URI, when known. */
  public Optional<URI> server() {
    return Optional.ofNullable(server);
  }

  /** The last error alone, e.g. {@code connection refused} or {@code HTTP 503: ...}. */
  public String reason() {
    return reason;
  }

  /** The server's last answer when it was a 429 or 5xx, rather than no answer at all. */
  public Optional<GalleyApiException> lastRefusal() {
    return getCause() instanceof GalleyApiException api ? Optional.of(api) : Optional.empty();
  }
}
