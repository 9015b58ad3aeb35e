package io.galley.store.blob;

import java.io.InputStream;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A stream of {@code size} pseudo-random bytes made on the fly, so tests can put blobs far larger
 * than they could hold. The same seed gives the same bytes.
 */
public final class GeneratedStream extends InputStream {
  private final SplittableRandom random;
  private long remaining;

  public GeneratedStream(long size, long seed) {
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
    int i = 0;
    for (; i + 8 <= n; i += 8) {
      long v = random.nextLong();
      for (int k = 0; k < 8; k++) {
        b[off + i + k] = (byte) (v >>> (8 * k));
      }
    }
    if (i < n) {
      long v = random.nextLong();
      for (; i < n; i++) {
        b[off + i] = (byte) v;
        v >>>= 8;
      }
    }
    remaining -= n;
    return n;
  }
}
