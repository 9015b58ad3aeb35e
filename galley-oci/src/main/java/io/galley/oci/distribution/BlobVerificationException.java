package io.galley.oci.distribution;

import java.io.IOException;

/**
 * A blob read from a registry was not what its descriptor promised (too long, too short, another
 * digest). Its message names the blob and the registry only, so it may be shown to a client.
 */
public final class BlobVerificationException extends IOException {
  private static final long serialVersionUID = 1L;

  BlobVerificationException(String message) {
    super(message);
  }
}
