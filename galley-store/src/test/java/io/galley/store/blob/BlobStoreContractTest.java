package io.galley.store.blob;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.InvalidRequestException;
import io.galley.core.NotFoundException;
import io.galley.core.blob.BlobInfo;
import io.galley.core.blob.BlobStore;
import io.galley.core.blob.Digest;
import io.galley.core.blob.StoredBlob;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BlobStore} does, whatever holds its bytes. A subclass gives the store and says
 * where its temp files go.
 */
abstract class BlobStoreContractTest {
  static final Digest EMPTY =
      Digest.parse("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  static final Digest ABC =
      Digest.parse("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

  BlobStore store;

  /** A new, empty store. */
  abstract BlobStore newStore() throws Exception;

  /** The temp files of puts that the store has not cleaned up. */
  abstract List<Path> tempFiles() throws IOException;

  @BeforeEach
  void openStore() throws Exception {
    store = newStore();
  }

  @Test
  void putReturnsTheSha256AndSizeOfKnownBytes() {
    assertThat(store.put(bytes(""))).isEqualTo(new BlobInfo(EMPTY, 0));
    assertThat(store.put(bytes("abc"))).isEqualTo(new BlobInfo(ABC, 3));
  }

  @Test
  void roundTrips() throws IOException {
    store.put(bytes("abc"));

    assertThat(read(store.open(ABC, 0, -1))).isEqualTo("abc");
    assertThat(store.stat(ABC)).contains(new BlobInfo(ABC, 3));
  }

  @Test
  void emptyBlobRoundTrips() throws IOException {
    store.put(bytes(""));

    assertThat(store.stat(EMPTY)).contains(new BlobInfo(EMPTY, 0));
    assertThat(read(store.open(EMPTY, 0, -1))).isEmpty();
  }

  @Test
  void identicalContentIsStoredOnce() throws IOException {
    BlobInfo first = store.put(bytes("abc"));
    BlobInfo second = store.put(bytes("abc"));

    assertThat(second).isEqualTo(first);
    assertThat(all()).containsExactly(first);
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  void expectedDigestThatMatchesIsStored() {
    assertThat(store.put(bytes("abc"), ABC)).isEqualTo(new BlobInfo(ABC, 3));
    assertThat(store.stat(ABC)).isPresent();
  }

  @Test
  void expectedDigestMismatchStoresNothing() throws IOException {
    assertThatThrownBy(() -> store.put(bytes("abd"), ABC))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining(ABC.toString())
        .hasMessageContaining(sha256("abd").toString());

    assertThat(all()).isEmpty();
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  void streamFailingMidwayLeavesNoBlobAndNoTempFile() throws IOException {
    InputStream broken = new FailingStream(300_000, new IOException("client went away"));

    assertThatThrownBy(() -> store.put(broken))
        .isInstanceOf(UncheckedIOException.class)
        .hasRootCauseMessage("client went away");

    assertThat(all()).isEmpty();
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  void uncheckedFailureOfTheStreamAlsoCleansUp() throws IOException {
    InputStream broken = new FailingStream(10, null);

    assertThatThrownBy(() -> store.put(broken, ABC)).isInstanceOf(IllegalStateException.class);

    assertThat(all()).isEmpty();
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  void rangesReadTheRightBytes() throws IOException {
    Digest d = store.put(bytes("0123456789")).digest();

    assertThat(read(store.open(d, 0, 3))).isEqualTo("012");
    assertThat(read(store.open(d, 4, 3))).isEqualTo("456");
    assertThat(read(store.open(d, 7, -1))).isEqualTo("789");
    assertThat(read(store.open(d, 8, 100))).as("clamped at the end").isEqualTo("89");
    assertThat(read(store.open(d, 8, Long.MAX_VALUE))).isEqualTo("89");
    assertThat(read(store.open(d, 3, 0))).as("zero length").isEmpty();
    assertThat(read(store.open(d, 10, 5))).as("starting at the end").isEmpty();
  }

  @Test
  void rangePastTheEndIsRefused() {
    Digest d = store.put(bytes("0123456789")).digest();

    assertThatThrownBy(() -> store.open(d, 11, 1))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("11")
        .hasMessageContaining("10 bytes");
    assertThatThrownBy(() -> store.open(d, -1, 1)).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void rangeStreamSkips() throws IOException {
    Digest d = store.put(bytes("0123456789")).digest();

    try (InputStream in = store.open(d, 2, 6)) {
      assertThat(in.skip(2)).isEqualTo(2);
      assertThat(in.read()).isEqualTo('4');
      assertThat(in.skip(100)).isEqualTo(3);
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void closingARangeEarlyIsFine() throws IOException {
    Digest d = store.put(new GeneratedStream(1024 * 1024, 7)).digest();

    try (InputStream in = store.open(d, 0, -1)) {
      assertThat(in.read(new byte[10])).isPositive();
    }
    assertThat(store.stat(d)).isPresent();
    try (InputStream in = store.open(d, 1000, 10)) {
      assertThat(in.readAllBytes()).hasSize(10);
    }
  }

  @Test
  void unknownDigestIsAbsent() {
    assertThat(store.stat(ABC)).isEmpty();
    assertThat(store.delete(ABC)).isFalse();
    assertThatThrownBy(() -> store.open(ABC, 0, -1))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(ABC.toString());
  }

  @Test
  void deleteRemovesTheBlobAndAPutStoresItAgain() throws IOException {
    store.put(bytes("abc"));

    assertThat(store.delete(ABC)).isTrue();
    assertThat(store.stat(ABC)).isEmpty();
    assertThat(store.delete(ABC)).isFalse();
    assertThatThrownBy(() -> store.open(ABC, 0, -1)).isInstanceOf(NotFoundException.class);

    store.put(bytes("abc"));
    assertThat(read(store.open(ABC, 0, -1))).isEqualTo("abc");
  }

  @Test
  void forEachListsExactlyWhatIsStoredAndAllowsDeleting() {
    List<BlobInfo> stored = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      stored.add(store.put(bytes("blob " + i)));
    }
    store.delete(stored.remove(0).digest());

    assertThat(all()).containsExactlyInAnyOrderElementsOf(stored);

    store.forEach(b -> store.delete(b.digest()));
    assertThat(all()).isEmpty();
  }

  @Test
  void forEachGivesTheTimeABlobWasLastStored() {
    // S3 dates objects to the second.
    Instant before = Instant.now().minusSeconds(2);
    BlobInfo info = store.put(bytes("dated"));
    List<StoredBlob> listed = new ArrayList<>();
    store.forEach(listed::add);
    assertThat(listed)
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.info()).isEqualTo(info);
              assertThat(b.storedAt()).isAfter(before).isBefore(Instant.now().plusSeconds(2));
            });
  }

  @Test
  void puttingTheSameBytesAgainRefreshesWhenTheyWereStored() throws InterruptedException {
    store.put(bytes("again"));
    Instant first = storedAt();
    awaitTheSecondAfter(first);

    store.put(bytes("again"));

    assertThat(storedAt()).isAfter(first);
  }

  @Test
  void largeBlobStreamsInAndOut() throws IOException {
    long size = 64L * 1024 * 1024;
    Digest expected = ConcurrentPutTest.sha256(new GeneratedStream(size, 64));

    BlobInfo info = store.put(new GeneratedStream(size, 64), expected);

    assertThat(info).isEqualTo(new BlobInfo(expected, size));
    assertThat(store.stat(expected)).contains(info);
    try (InputStream in = store.open(expected, 0, -1)) {
      assertThat(ConcurrentPutTest.sha256(in)).isEqualTo(expected);
    }
    assertThat(tempFiles()).isEmpty();
  }

  /**
   * Waits, polling the clock, until it reads a whole second past {@code t}: S3 dates objects to the
   * second, so a put in the same second as {@code t} could not show that it refreshed the date.
   */
  static void awaitTheSecondAfter(Instant t) throws InterruptedException {
    Instant next = t.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    Instant deadline = Instant.now().plusSeconds(5);
    while (Instant.now().isBefore(next)) {
      assertThat(Instant.now()).as("the clock passes %s", next).isBefore(deadline);
      Thread.sleep(Math.max(1, Duration.between(Instant.now(), next).toMillis()));
    }
  }

  Instant storedAt() {
    List<StoredBlob> listed = new ArrayList<>();
    store.forEach(listed::add);
    assertThat(listed).hasSize(1);
    return listed.get(0).storedAt();
  }

  List<BlobInfo> all() {
    List<BlobInfo> all = new ArrayList<>();
    store.forEach(b -> all.add(b.info()));
    return all;
  }

  static InputStream bytes(String s) {
    return new ByteArrayInputStream(s.getBytes(UTF_8));
  }

  static String read(InputStream in) throws IOException {
    try (in) {
      return new String(in.readAllBytes(), UTF_8);
    }
  }

  static Digest sha256(String s) {
    try {
      return Digest.ofSha256(
          java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** Gives {@code good} bytes, then fails: with {@code failure}, or unchecked when it is null. */
  static final class FailingStream extends InputStream {
    private final IOException failure;
    private long good;

    FailingStream(long good, IOException failure) {
      this.good = good;
      this.failure = failure;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (good == 0) {
        if (failure == null) {
          throw new IllegalStateException("source broke");
        }
        throw failure;
      }
      int n = (int) Math.min(len, good);
      good -= n;
      return n;
    }
  }
}
