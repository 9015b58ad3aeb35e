package io.galley.server.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * What is left of a request body the server answered before reading it (a 413 on a declared length,
 * a 405, a refused path). Jetty 12 drains only what has already arrived and otherwise closes the
 * connection as the answer leaves, so a client still sending its body reads a reset instead of the
 * answer. Reading the rest first, up to a bound, lets the client read the error.
 */
public final class UnreadBodies {
  /** Past this much, the connection closes instead: the client is sending far too much. */
  public static final long MAX_DRAINED_BYTES = 16L * 1024 * 1024;

  private UnreadBodies() {}

  /** Reads and drops up to {@link #MAX_DRAINED_BYTES} of {@code body}; an I/O error ends it. */
  public static void drain(InputStream body) {
    byte[] buffer = new byte[64 * 1024];
    long left = MAX_DRAINED_BYTES;
    try {
      while (left > 0) {
        int n = body.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          return;
        }
        left -= n;
      }
    } catch (IOException e) {
      // the client went away or stopped sending: nothing more to answer to
    }
  }
}
