package io.galley.store.blob;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.core.blob.BlobInfo;
import io.galley.core.blob.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 256 MiB blob put and read back as streams in a JVM with a 32 MiB heap: any implementation that
 * buffers a whole blob dies there with an OutOfMemoryError. Forking costs about a second; the bytes
 * are generated, never held.
 */
class LargeBlobTest {
  static final long SIZE = 256L * 1024 * 1024;
  static final long SEED = 42;

  @TempDir Path root;

  @Test
  void streamsA256MiBBlobThroughA32MiBHeap() throws Exception {
    Digest expected = ConcurrentPutTest.sha256(new GeneratedStream(SIZE, SEED));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(
                java.toString(),
                "-Xmx32m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                RoundTrip.class.getName(),
                root.toString())
            .redirectErrorStream(true)
            .start();
    String output;
    try (InputStream out = child.getInputStream()) {
      output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();

    assertThat(child.exitValue()).as(output).isZero();
    assertThat(output).contains("put " + new BlobInfo(expected, SIZE)).contains("read " + expected);
  }

  /** Runs in the small-heap child: put, then read back and hash, through {@link FileBlobStore}. */
  static final class RoundTrip {
    public static void main(String[] args) throws IOException {
      FileBlobStore store = FileBlobStore.open(Path.of(args[0]));
      BlobInfo info = store.put(new GeneratedStream(SIZE, SEED));
      System.out.println("put " + info);
      try (InputStream in = store.open(info.digest(), 0, -1)) {
        System.out.println("read " + ConcurrentPutTest.sha256(in));
      }
    }
  }
}
