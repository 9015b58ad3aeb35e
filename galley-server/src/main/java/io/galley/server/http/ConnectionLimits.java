package io.galley.server.http;

import java.time.Duration;

/**
 * How many connections the server holds open and how slow a client may be before it is cut.
 *
 * <p>Why all three: a request body is read on a servlet thread, so a client that trickles its body
 * holds that thread. The server therefore reads each body's first bytes without a thread and only
 * then hands the request to one; a body that arrives slower than {@code minRequestBytesPerSecond}
 * (averaged since its first byte was asked for) is cut with 408; a connection that sends nothing
 * for {@code idleTimeout} is closed; and past {@code maxConnections} the server stops accepting
 * until one closes, which bounds the file descriptors and buffers one address can take.
 *
 * @param maxConnections open connections at most; past it new ones wait in the accept queue
 * @param idleTimeout how long a connection may send and receive nothing
 * @param minRequestBytesPerSecond the slowest average rate at which a request body may arrive; 0
 *     for no minimum
 */
public record ConnectionLimits(
    int maxConnections, Duration idleTimeout, long minRequestBytesPerSecond) {
  /**
   * 4,096 connections, 30 s idle, 1 KiB/s: a slow network link is far faster than 1 KiB/s, a
   * trickle of a byte every few seconds is far slower.
   */
  public static final ConnectionLimits DEFAULT =
      new ConnectionLimits(4096, Duration.ofSeconds(30), 1024);

  public ConnectionLimits {
    if (maxConnections < 1) {
      throw new IllegalArgumentException(
          "maxConnections must be at least 1, got " + maxConnections);
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout must be positive, got " + idleTimeout);
    }
    if (minRequestBytesPerSecond < 0) {
      throw new IllegalArgumentException(
          "minRequestBytesPerSecond must not be negative, got " + minRequestBytesPerSecond);
    }
  }
}
