package io.galley.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import io.galley.core.artifact.Artifact;
import io.galley.core.artifact.ArtifactPath;
import io.galley.core.blob.AbandonedUploads;
import io.galley.core.blob.BlobInfo;
import io.galley.core.blob.BlobLeases;
import io.galley.core.blob.BlobStore;
import io.galley.core.blob.Digest;
import io.galley.core.blob.LeasedBlob;
import io.galley.core.blob.StoredBlob;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class LeasedVersionFilesTest {
  private static final Digest STORED = new Digest("a".repeat(64));
  private static final Digest GONE = new Digest("b".repeat(64));

  /** Only what the hold uses: which blobs are stored, and the leases. */
  private final BlobStore blobs =
      new BlobStore() {
        private final BlobLeases leases = new BlobLeases();

        @Override
        public LeasedBlob putLeased(InputStream content, @Nullable Digest expected) {
          throw new UnsupportedOperationException();
        }

        @Override
        public BlobLeases leases() {
          return leases;
        }

        @Override
        public AbandonedUploads reclaimAbandonedUploads(boolean dryRun) {
          return AbandonedUploads.NONE;
        }

        @Override
        public Optional<BlobInfo> stat(Digest digest) {
          return Set.of(STORED).contains(digest)
              ? Optional.of(new BlobInfo(digest, 1))
              : Optional.empty();
        }

        @Override
        public InputStream open(Digest digest, long offset, long length) {
          throw new UnsupportedOperationException();
        }

        @Override
        public boolean delete(Digest digest) {
          throw new UnsupportedOperationException();
        }

        @Override
        public void forEach(Consumer<StoredBlob> action) {}
      };

  private final LeasedVersionFiles hold = new LeasedVersionFiles(blobs);

  private static Artifact file(String path, Digest digest) {
    return new Artifact(ArtifactPath.parse(path), digest, 1);
  }

  @Test
  void storedFilesStayLeasedUntilTheHoldCloses() {
    VersionFileHold.Held held = hold.hold(List.of(file("MLmodel", STORED), file("copy", STORED)));
    assertThat(blobs.leases().isLeased(STORED)).isTrue();
    held.close();
    assertThat(blobs.leases().isLeased(STORED)).isFalse();
  }

  @Test
  void aFileNoLongerStoredIsAConflictAndLeavesNothingLeased() {
    assertThatThrownBy(() -> hold.hold(List.of(file("MLmodel", STORED), file("w.bin", GONE))))
        .isInstanceOfSatisfying(
            GalleyException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_CONFLICT);
              assertThat(e.getMessage()).contains("w.bin");
            });
    assertThat(blobs.leases().isLeased(STORED)).isFalse();
    assertThat(blobs.leases().isLeased(GONE)).isFalse();
  }
}
