package io.galley.server.mlflow;

import java.io.InputStream;
import java.util.Objects;
import java.util.SplittableRandom;

/** {@code size} pseudo-random bytes made on the fly: uploads far larger than a test could hold. */
final class GeneratedStream extends InputStream {
  private final SplittableRandom random;
  private long remaining;

  GeneratedStream(long size, long seed) {
    this.random = new SplittableRandom(seed);
    this.remaining = size;
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    if (remaining == 0) {
      return -1;
    }
    int n = (int) Math.min(len, remaining);
    for (int i = 0; i < n; i += 8) {
      long v = random.nextLong();
      for (int k = 0; k < 8 && i + k < n; k++) {
        b[off + i + k] = (byte) (v >>> (8 * k));
      }
    }
    remaining -= n;
    return n;
  }
}
