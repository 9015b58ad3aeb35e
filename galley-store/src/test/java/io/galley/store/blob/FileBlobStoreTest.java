package io.galley.store.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.InvalidRequestException;
import io.galley.core.blob.AbandonedUploads;
import io.galley.core.blob.BlobInfo;
import io.galley.core.blob.BlobStore;
import io.galley.core.blob.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link BlobStoreContractTest contract} on files, and what only files do. */
class FileBlobStoreTest extends BlobStoreContractTest {
  @TempDir Path root;

  @Override
  BlobStore newStore() {
    return FileBlobStore.open(root);
  }

  @Override
  List<Path> tempFiles() throws IOException {
    try (Stream<Path> files = Files.list(root.resolve("tmp"))) {
      return files.toList();
    }
  }

  @Test
  void storesUnderTheFanOutLayout() {
    store.put(bytes("abc"));

    assertThat(root.resolve("sha256/ba/" + ABC.hex())).hasContent("abc");
  }

  @Test
  void rangeStreamReportsAvailable() throws IOException {
    Digest d = store.put(bytes("0123456789")).digest();

    try (InputStream in = store.open(d, 2, 6)) {
      assertThat(in.available()).isEqualTo(6);
    }
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
  void forEachSkipsWhatIsNotABlob() throws IOException {
    List<BlobInfo> stored = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      stored.add(store.put(bytes("blob " + i)));
    }
    // Things that are not blobs: a temp file, a stray file, a digest under the wrong fan-out dir.
    Files.writeString(root.resolve("tmp/put-123.tmp"), "partial");
    Files.writeString(root.resolve("sha256/notes.txt"), "x");
    Files.createDirectories(root.resolve("sha256/00"));
    Files.writeString(root.resolve("sha256/00/" + ABC.hex()), "abc");
    Files.writeString(root.resolve("sha256/00/not-a-digest"), "x");

    assertThat(all()).containsExactlyInAnyOrderElementsOf(stored);
  }

  @Test
  void openReclaimsTempFilesNoPutOwnsWhateverTheirAge() throws IOException {
    Path crashed = Files.writeString(root.resolve("tmp/put-crashed.tmp"), "cut off a second ago");

    FileBlobStore store = FileBlobStore.open(root);

    assertThat(crashed).doesNotExist();
    Files.writeString(root.resolve("tmp/put-later.tmp"), "cut off after the start");
    assertThat(store.reclaimAbandonedUploads(false)).isEqualTo(new AbandonedUploads(1, 23));
    assertThat(root.resolve("tmp/put-later.tmp")).doesNotExist();
  }
}
