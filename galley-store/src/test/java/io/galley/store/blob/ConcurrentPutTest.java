package io.galley.store.blob;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.core.blob.BlobInfo;
import io.galley.core.blob.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentPutTest {
  static final int THREADS = 8;
  static final int SIZE = 256 * 1024;

  @TempDir Path root;

  @Test
  void manyThreadsPuttingTheSameAndDifferentContentAllSucceed() throws Exception {
    FileBlobStore store = FileBlobStore.open(root);
    ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS);
    try {
      for (int round = 0; round < 5; round++) {
        long sameSeed = 1000 + round;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<BlobInfo>> same = new ArrayList<>();
        List<Future<BlobInfo>> different = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          long ownSeed = round * 100L + t;
          same.add(pool.submit(afterStart(start, () -> store.put(stream(sameSeed)))));
          different.add(pool.submit(afterStart(start, () -> store.put(stream(ownSeed)))));
        }
        start.countDown();

        Set<BlobInfo> sameResults = new HashSet<>();
        for (Future<BlobInfo> f : same) {
          sameResults.add(f.get(60, TimeUnit.SECONDS));
        }
        Set<BlobInfo> differentResults = new HashSet<>();
        for (Future<BlobInfo> f : different) {
          differentResults.add(f.get(60, TimeUnit.SECONDS));
        }
        assertThat(sameResults).containsExactly(new BlobInfo(sha256(sameSeed), SIZE));
        assertThat(differentResults).hasSize(THREADS);
      }
    } finally {
      pool.shutdownNow();
    }

    List<BlobInfo> all = new ArrayList<>();
    store.forEach(b -> all.add(b.info()));
    assertThat(all).hasSize(5 * (1 + THREADS)).doesNotHaveDuplicates();
    for (BlobInfo info : all) {
      try (InputStream in = store.open(info.digest(), 0, -1)) {
        assertThat(sha256(in)).isEqualTo(info.digest());
      }
    }
    try (Stream<Path> temps = Files.list(root.resolve("tmp"))) {
      assertThat(temps).isEmpty();
    }
  }

  static <T> Callable<T> afterStart(CountDownLatch start, Callable<T> work) {
    return () -> {
      start.await();
      return work.call();
    };
  }

  static InputStream stream(long seed) {
    return new GeneratedStream(SIZE, seed);
  }

  static Digest sha256(long seed) throws IOException {
    return sha256(stream(seed));
  }

  static Digest sha256(InputStream in) throws IOException {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        md.update(buffer, 0, n);
      }
      return Digest.ofSha256(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
