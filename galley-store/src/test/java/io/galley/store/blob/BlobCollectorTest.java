package io.galley.store.blob;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import io.galley.core.artifact.Artifact;
import io.galley.core.artifact.ArtifactPath;
import io.galley.core.blob.AbandonedUploads;
import io.galley.core.blob.BlobCollector;
import io.galley.core.blob.BlobInfo;
import io.galley.core.blob.GcReport;
import io.galley.core.blob.LeasedBlob;
import io.galley.core.tracking.NewRun;
import io.galley.store.JdbcStore;
import io.galley.store.StoreConfig;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Garbage collection over a real FileBlobStore and the real H2 artifact index. */
class BlobCollectorTest {
  private static final Duration HOUR = Duration.ofHours(1);

  @TempDir Path dir;
  private JdbcStore store;
  private FileBlobStore blobs;
  private String runId;

  @BeforeEach
  void open() {
    store = JdbcStore.open(StoreConfig.fromUri(null, dir));
    blobs = FileBlobStore.open(dir.resolve("blobs"));
    String exp = store.tracking().createExperiment("gc", null, List.of()).experimentId();
    runId = store.tracking().createRun(new NewRun(exp, "ada", "r", 1, List.of())).info().runId();
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** A collector whose "now" is {@code ahead} later than the real clock: blobs look that old. */
  private BlobCollector collectorAhead(Duration ahead) {
    return new BlobCollector(
        blobs,
        List.of(store.artifacts()::forEachReferencedDigest),
        Clock.offset(Clock.systemUTC(), ahead));
  }

  private BlobInfo put(String content) {
    return blobs.put(new ByteArrayInputStream(content.getBytes(UTF_8)));
  }

  private void reference(String path, BlobInfo blob) {
    store
        .artifacts()
        .put(runId, new Artifact(ArtifactPath.parse(path), blob.digest(), blob.size()));
  }

  @Test
  void deletesOldUnreferencedBlobsAndKeepsReferencedOnes() {
    BlobInfo orphan = put("orphan");
    BlobInfo kept = put("kept!");
    reference("model.bin", kept);

    GcReport report = collectorAhead(Duration.ofHours(2)).collect(HOUR, false);

    assertThat(report)
        .isEqualTo(new GcReport(false, 3600, 2, 1, 0, 0, 1, orphan.size(), AbandonedUploads.NONE));
    assertThat(blobs.stat(orphan.digest())).isEmpty();
    assertThat(blobs.stat(kept.digest())).isPresent();
  }

  @Test
  void keepsYoungUnreferencedBlobs() {
    BlobInfo young = put("uploading");

    GcReport report = collectorAhead(Duration.ofMinutes(30)).collect(HOUR, false);

    assertThat(report)
        .isEqualTo(new GcReport(false, 3600, 1, 0, 1, 0, 0, 0, AbandonedUploads.NONE));
    assertThat(blobs.stat(young.digest())).isPresent();
  }

  @Test
  void aDryRunDeletesNothing() {
    BlobInfo orphan = put("orphan");

    GcReport report = collectorAhead(Duration.ofHours(2)).collect(HOUR, true);

    assertThat(report)
        .isEqualTo(new GcReport(true, 3600, 1, 0, 0, 0, 1, orphan.size(), AbandonedUploads.NONE));
    assertThat(blobs.stat(orphan.digest())).isPresent();
  }

  @Test
  void puttingAnOldBlobAgainRestartsItsGracePeriod() throws Exception {
    BlobInfo blob = put("again");
    Path file = dir.resolve("blobs/sha256").resolve(blob.digest().hex().substring(0, 2));
    Files.setLastModifiedTime(
        file.resolve(blob.digest().hex()), FileTime.from(Instant.now().minus(Duration.ofDays(1))));
    put("again");

    GcReport report = collectorAhead(Duration.ZERO).collect(HOUR, false);

    assertThat(report.keptYoung()).isEqualTo(1);
    assertThat(blobs.stat(blob.digest())).isPresent();
  }

  @Test
  void aSecondCollectionWhileOneRunsIsRefused() throws Exception {
    put("x");
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    BlobCollector collector =
        new BlobCollector(
            blobs,
            List.of(
                action -> {
                  inside.countDown();
                  await(release);
                }),
            Clock.systemUTC());
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<GcReport> first = pool.submit(() -> collector.collect(HOUR, true));
      inside.await();
      assertThatThrownBy(() -> collector.collect(HOUR, true))
          .isInstanceOfSatisfying(
              GalleyException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_CONFLICT));
      release.countDown();
      assertThat(first.get().scanned()).isEqualTo(1);
      assertThat(collector.collect(HOUR, true).scanned()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aBlobLeasedByAnUploadIsKeptAtGraceZeroUntilTheLeaseCloses() {
    LeasedBlob uploading =
        blobs.putLeased(new ByteArrayInputStream("in flight".getBytes(UTF_8)), null);
    BlobCollector collector = collectorAhead(Duration.ofHours(2));

    assertThat(collector.collect(Duration.ZERO, true).keptInUse()).isEqualTo(1);
    GcReport held = collector.collect(Duration.ZERO, false);
    assertThat(held).isEqualTo(new GcReport(false, 0, 1, 0, 0, 1, 0, 0, AbandonedUploads.NONE));
    assertThat(blobs.stat(uploading.digest())).isPresent();

    uploading.close();
    GcReport released = collector.collect(Duration.ZERO, false);
    assertThat(released.deleted()).isEqualTo(1);
    assertThat(blobs.stat(uploading.digest())).isEmpty();
  }

  /**
   * The race a lease alone would lose: the collector reads the references, then the upload commits
   * its reference and closes its lease, then the collector reaches the blob. Its reference set
   * predates the reference, so only the record of leases closed since it began keeps the blob.
   */
  @Test
  void aLeaseClosedAfterTheReferencesWereReadStillProtectsItsBlob() throws Exception {
    LeasedBlob uploading =
        blobs.putLeased(new ByteArrayInputStream("late ref".getBytes(UTF_8)), null);
    CountDownLatch referencesRead = new CountDownLatch(1);
    CountDownLatch committed = new CountDownLatch(1);
    BlobCollector collector =
        new BlobCollector(
            blobs,
            List.of(
                action -> {
                  store.artifacts().forEachReferencedDigest(action);
                  referencesRead.countDown();
                  await(committed);
                }),
            Clock.offset(Clock.systemUTC(), Duration.ofHours(2)));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<GcReport> collection = pool.submit(() -> collector.collect(Duration.ZERO, false));
      referencesRead.await();
      reference("late.bin", uploading.info());
      uploading.close();
      committed.countDown();

      assertThat(collection.get().keptInUse()).isEqualTo(1);
      assertThat(blobs.stat(uploading.digest())).isPresent();
    } finally {
      pool.shutdownNow();
    }
    // The next collection reads the reference.
    assertThat(collectorAhead(Duration.ofHours(2)).collect(Duration.ZERO, false).referenced())
        .isEqualTo(1);
  }

  /** Waits inside a reference source, which may not throw a checked exception. */
  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
