package io.galley.store.blob;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.InvalidRequestException;
import io.galley.core.NotFoundException;
import io.galley.core.blob.BlobInfo;
import io.galley.core.blob.Digest;
import io.galley.core.blob.StoredBlob;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlobStoreTest {
  static final Digest EMPTY =
      Digest.parse("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  static final Digest ABC =
      Digest.parse("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

  @TempDir Path root;
  FileBlobStore store;

  @BeforeEach
  void open() {
    store = FileBlobStore.open(root);
  }

  @Test
  void putReturnsTheSha256AndSizeOfKnownBytes() {
    assertThat(store.put(bytes(""))).isEqualTo(new BlobInfo(EMPTY, 0));
    assertThat(store.put(bytes("abc"))).isEqualTo(new BlobInfo(ABC, 3));
  }

  @Test
  void roundTripsUnderTheFanOutLayout() throws IOException {
    store.put(bytes("abc"));

    assertThat(root.resolve("sha256/ba/" + ABC.hex())).hasContent("abc");
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
  void rangeStreamSkipsAndReportsAvailable() throws IOException {
    Digest d = store.put(bytes("0123456789")).digest();

    try (InputStream in = store.open(d, 2, 6)) {
      assertThat(in.available()).isEqualTo(6);
      assertThat(in.skip(2)).isEqualTo(2);
      assertThat(in.read()).isEqualTo('4');
      assertThat(in.skip(100)).isEqualTo(3);
      assertThat(in.read()).isEqualTo(-1);
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
  void invalidDigestsAreRefusedBeforeTheStore() {
    assertThatThrownBy(() -> Digest.parse("sha256:ABC"))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> Digest.parse("md5:" + ABC.hex()))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> Digest.parse("sha256:../../etc/passwd"))
        .isInstanceOf(InvalidRequestException.class);
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
  void forEachListsExactlyWhatIsStored() throws IOException {
    List<BlobInfo> stored = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      stored.add(store.put(bytes("blob " + i)));
    }
    store.delete(stored.remove(0).digest());
    // Things that are not blobs: a temp file, a stray file, a digest under the wrong fan-out dir.
    Files.writeString(root.resolve("tmp/put-123.tmp"), "partial");
    Files.writeString(root.resolve("sha256/notes.txt"), "x");
    Files.createDirectories(root.resolve("sha256/00"));
    Files.writeString(root.resolve("sha256/00/" + ABC.hex()), "abc");
    Files.writeString(root.resolve("sha256/00/not-a-digest"), "x");

    assertThat(all()).containsExactlyInAnyOrderElementsOf(stored);
  }

  @Test
  void openRemovesStaleTempFilesAndKeepsFreshOnes() throws IOException {
    Path stale = Files.writeString(root.resolve("tmp/put-stale.tmp"), "crashed");
    Path fresh = Files.writeString(root.resolve("tmp/put-fresh.tmp"), "in use");
    Instant dayAndMore =
        Instant.now().minus(FileBlobStore.STALE_TEMP_AGE).minus(Duration.ofHours(1));
    Files.setLastModifiedTime(stale, FileTime.from(dayAndMore));

    FileBlobStore.open(root);

    assertThat(stale).doesNotExist();
    assertThat(fresh).exists();
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

  @Test
  void forEachGivesTheTimeABlobWasLastStored() {
    java.time.Instant before = Instant.now().minusSeconds(1);
    BlobInfo info = store.put(new ByteArrayInputStream("dated".getBytes(UTF_8)));
    List<StoredBlob> listed = new ArrayList<>();
    store.forEach(listed::add);
    assertThat(listed)
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.info()).isEqualTo(info);
              assertThat(b.storedAt()).isAfter(before).isBefore(Instant.now().plusSeconds(1));
            });
  }

  List<BlobInfo> all() {
    List<BlobInfo> all = new ArrayList<>();
    store.forEach(b -> all.add(b.info()));
    return all;
  }

  List<Path> tempFiles() throws IOException {
    try (Stream<Path> files = Files.list(root.resolve("tmp"))) {
      return files.toList();
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
