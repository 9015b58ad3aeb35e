package io.galley.server.oci;

import java.net.URI;
import java.time.Duration;

/**
 * A running OCI distribution registry that real clients push to and pull from over plain HTTP on
 * loopback: Debian's reference registry ({@link ReferenceRegistryUnderTest}) or Galley's {@code
 * /v2/}.
 */
public interface RegistryUnderTest extends AutoCloseable {
  /** {@code 127.0.0.1:PORT}, as image references name it ({@code 127.0.0.1:PORT/team/tiny:1}). */
  String host();

  /** A short name for messages. */
  String name();

  default URI base() {
    return URI.create("http://" + host());
  }

  /**
   * Waits, polling under the deadline {@code max}, until the registry holds some bytes of an
   * unfinished blob upload into {@code repository}: true once it does, false if {@code max} passed
   * without. Each registry looks where it keeps its upload sessions.
   */
  boolean awaitUploadStarted(String repository, Duration max) throws InterruptedException;

  /**
   * Whether a PATCH whose {@code Content-Range} does not start at the upload's current size is
   * refused with 416, as the OCI distribution spec requires. Debian's docker-registry (distribution
   * 2.8) does not check it.
   */
  default boolean checksContentRange() {
    return true;
  }

  @Override
  void close();
}
