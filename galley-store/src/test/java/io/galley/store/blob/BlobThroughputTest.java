package io.galley.store.blob;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.core.blob.BlobInfo;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Put and read throughput of a 1 GiB blob, for BENCHMARKS.md. It prints, never asserts speed. The
 * source repeats one random MiB so that making bytes costs nothing (as {@code /dev/zero} does for
 * {@code dd}); the read follows the put, so it comes from the page cache. Opt-in.
 */
@EnabledIfEnvironmentVariable(
    named = "GALLEY_PERF",
    matches = "1",
    disabledReason = "writes 1 GiB; set GALLEY_PERF=1 to run it")
class BlobThroughputTest {
  static final long SIZE = 1L << 30;

  @TempDir Path root;

  @Test
  void putAndGetOneGiB() throws Exception {
    FileBlobStore store = FileBlobStore.open(root);
    store.put(new RepeatingStream(64L << 20)); // warm-up: JIT, SHA-256 intrinsics

    long t0 = System.nanoTime();
    BlobInfo info = store.put(new RepeatingStream(SIZE));
    double putSeconds = (System.nanoTime() - t0) / 1e9;

    long t1 = System.nanoTime();
    long read = 0;
    byte[] buffer = new byte[128 * 1024];
    try (InputStream in = store.open(info.digest(), 0, -1)) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        read += n;
      }
    }
    double getSeconds = (System.nanoTime() - t1) / 1e9;

    long t2 = System.nanoTime();
    ConcurrentPutTest.sha256(new RepeatingStream(SIZE));
    double hashSeconds = (System.nanoTime() - t2) / 1e9;

    // The same put without the fsync, to tell the disk's share from the CPU's.
    UploadSpool spool = UploadSpool.open(root.resolve("spool"));
    long t3 = System.nanoTime();
    double spoolSeconds;
    try (UploadSpool.Spooled spooled = spool.spool(new RepeatingStream(SIZE), null, false)) {
      spoolSeconds = (System.nanoTime() - t3) / 1e9;
    }

    assertThat(info.size()).isEqualTo(SIZE);
    assertThat(read).isEqualTo(SIZE);
    System.out.printf(
        "blob put 1 GiB (sha256 + write + fsync + rename): %.2f s, %.0f MiB/s%n",
        putSeconds, 1024 / putSeconds);
    System.out.printf(
        "blob get 1 GiB (page cache, no hashing): %.2f s, %.0f MiB/s%n",
        getSeconds, 1024 / getSeconds);
    System.out.printf(
        "spool 1 GiB (sha256 + write, no fsync): %.2f s, %.0f MiB/s%n",
        spoolSeconds, 1024 / spoolSeconds);
    System.out.printf(
        "sha256 alone over 1 GiB: %.2f s, %.0f MiB/s%n", hashSeconds, 1024 / hashSeconds);
  }

  /** {@code size} bytes of one random MiB over and over. */
  static final class RepeatingStream extends InputStream {
    private static final byte[] BLOCK = new byte[1 << 20];

    static {
      new SplittableRandom(7).nextBytes(BLOCK);
    }

    private long remaining;
    private int at;

    RepeatingStream(long size) {
      this.remaining = size;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (remaining == 0) {
        return -1;
      }
      int n = (int) Math.min(Math.min(len, remaining), BLOCK.length - at);
      System.arraycopy(BLOCK, at, b, off, n);
      at = (at + n) % BLOCK.length;
      remaining -= n;
      return n;
    }
  }
}
