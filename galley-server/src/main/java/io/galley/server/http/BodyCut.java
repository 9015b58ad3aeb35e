package io.galley.server.http;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

/** Why reading a request body failed: each API words it in its own error body. */
public enum BodyCut {
  /** The client closed the connection or sent less than it declared. */
  ENDED_EARLY(400, "The request body ended early; nothing was stored"),
  /** The body arrived slower than {@link ConnectionLimits#minRequestBytesPerSecond()}. */
  TOO_SLOW(
      408,
      "The request body arrived slower than this server's minimum rate and was cut; nothing was"
          + " stored");

  private final int status;
  private final String message;

  BodyCut(int status, String message) {
    this.status = status;
    this.message = message;
  }

  /** The cut a failed read of the body was: Jetty's rate check fails reads with a timeout. */
  public static BodyCut of(IOException readFailure) {
    for (Throwable t = readFailure; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException) {
        return TOO_SLOW;
      }
    }
    return ENDED_EARLY;
  }

  public int status() {
    return status;
  }

  public String message() {
    return message;
  }

  /** As MLflow's error body: the status above, {@code BAD_REQUEST}. */
  public HttpError asHttpError() {
    return new HttpError(status, io.galley.core.ErrorCode.BAD_REQUEST, message);
  }
}
