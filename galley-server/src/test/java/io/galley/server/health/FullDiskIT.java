package io.galley.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.server.Http;
import io.galley.server.Http.Resp;
import io.galley.server.TestServer;
import io.galley.store.disk.DiskSpace;
import io.galley.testing.tools.Command;
import io.galley.testing.tools.SystemTools;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server whose data directory is a small tmpfs that fills up: writes get 507 naming the full
 * store, reads keep working, {@code /health} says so, and once space is freed everything works
 * again without a restart, with nothing acknowledged lost. Needs root to mount the tmpfs; skips
 * with a message elsewhere, fails under {@code GALLEY_REQUIRE_ALL=1}.
 */
class FullDiskIT {
  private static final long RESERVE = 8L * 1024 * 1024;

  @TempDir Path tmp;
  private Path disk;
  private boolean mounted;

  @BeforeEach
  void mountSmallDisk() throws IOException {
    disk = Files.createDirectories(tmp.resolve("disk"));
    Command.Result mount =
        Command.of("mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", disk.toString())
            .timeout(Duration.ofSeconds(30))
            .run();
    if (!mount.ok()) {
      SystemTools.unavailable(
          "cannot mount a 48 MiB tmpfs for a full-disk test (needs root): "
              + mount.stderr().strip());
    }
    mounted = true;
  }

  @AfterEach
  void unmount() {
    if (mounted) {
      Command.of("umount", "-l", disk.toString()).timeout(Duration.ofSeconds(30)).run();
    }
  }

  @Test
  void belowTheReserveWritesAreRefusedReadsWorkAndEverythingRecoversOnceSpaceIsFreed()
      throws Exception {
    DiskSpace disks =
        new DiskSpace(
            List.of(
                new DiskSpace.Disk("metadata store", disk),
                new DiskSpace.Disk("blob store", disk.resolve("blobs"))),
            RESERVE);
    try (TestServer server = TestServer.h2(disk, disks)) {
      Http http = server.http();
      Fixture f = Fixture.create(http);
      assertThat(http.get("/health").status()).isEqualTo(200);

      Path filler = fill(disk, RESERVE / 2);
      awaitRecheck();

      Resp batch = http.mlflowPost("runs/log-batch", f.batch(1_000, 100));
      assertThat(batch.status()).isEqualTo(507);
      assertThat(batch.errorCode()).isEqualTo("RESOURCE_EXHAUSTED");
      assertThat(batch.message()).contains("metadata store's disk").contains("free");
      Resp upload = f.upload(http, "late.bin", new byte[10_000]);
      assertThat(upload.status()).isEqualTo(507);
      Resp push = http.send("POST", "/v2/full/blobs/uploads/", "", "application/octet-stream");
      assertThat(push.status()).isEqualTo(507);
      assertThat(push.json().path("errors").get(0).path("message").asText()).contains("disk");
      for (Resp r : List.of(batch, upload, push)) {
        assertThat(r.body()).doesNotContain(disk.toString()).doesNotContain("org.h2");
      }

      assertThat(http.mlflowGet("runs/get", "run_id=" + f.runId).status()).isEqualTo(200);
      assertThat(http.mlflowPost("runs/search", f.searchBody()).status()).isEqualTo(200);
      assertThat(f.download(http, "a.bin")).isEqualTo(f.artifact);
      Resp health = http.get("/health");
      assertThat(health.status()).isEqualTo(503);
      assertThat(health.body()).contains("NOT READY").contains("metadata store");

      Files.delete(filler);
      awaitRecheck();
      assertThat(http.get("/health").status()).isEqualTo(200);
      assertThat(http.mlflowPost("runs/log-batch", f.batch(1_000, 200)).status()).isEqualTo(200);
      assertThat(f.points(http)).isEqualTo(1_000 + 1_000);
    }
  }

  @Test
  void aDiskThatFillsUnderTheStoresIsAClearErrorNotAClosedDatabase() throws Exception {
    // No reserve: the writes reach the full disk itself, as when something else fills it faster.
    try (TestServer server = TestServer.h2(disk, DiskSpace.none())) {
      Http http = server.http();
      Fixture f = Fixture.create(http);
      Path filler = fill(disk, 0);

      Resp upload = f.upload(http, "big.bin", new byte[2 * 1024 * 1024]);
      assertThat(upload.status()).isEqualTo(507);
      assertThat(upload.errorCode()).isEqualTo("RESOURCE_EXHAUSTED");
      assertThat(upload.message()).contains("blob store's disk is full");

      long acknowledged = 1_000;
      Resp refused = null;
      for (int i = 0; i < 200 && refused == null; i++) {
        Resp r = http.mlflowPost("runs/log-batch", f.batch(1_000, 1_000 + i));
        if (r.status() == 200) {
          acknowledged += 1_000;
        } else {
          refused = r;
        }
      }
      assertThat(refused).as("a log-batch refused by the full disk").isNotNull();
      assertThat(refused.status()).isEqualTo(507);
      assertThat(refused.message()).contains("metadata store's disk is full");
      assertThat(refused.body()).doesNotContain(disk.toString()).doesNotContain("org.h2");

      // H2 closed its database on the failed write; the server opens it again for reads.
      assertThat(http.mlflowGet("runs/get", "run_id=" + f.runId).status()).isEqualTo(200);
      assertThat(f.download(http, "a.bin")).isEqualTo(f.artifact);

      Files.delete(filler);
      assertThat(http.mlflowPost("runs/log-batch", f.batch(1_000, 5_000)).status()).isEqualTo(200);
      acknowledged += 1_000;
      assertThat(f.points(http)).isEqualTo(acknowledged);
      assertThat(f.upload(http, "after.bin", new byte[100_000]).status()).isEqualTo(200);
    }
  }

  /** Fills {@code dir}'s file system until {@code leave} bytes are left (0: until it refuses). */
  private static Path fill(Path dir, long leave) throws IOException {
    Path filler = dir.resolve("filler");
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (Files.getFileStore(dir).getUsableSpace() > leave + block.length) {
        out.write(block);
      }
      if (leave == 0) {
        for (; ; ) {
          out.write(block, 0, 512);
          out.flush();
        }
      }
    } catch (IOException full) {
      if (leave > 0) {
        throw full;
      }
    }
    return filler;
  }

  /** DiskSpace asks the file system at most once a second. */
  private static void awaitRecheck() throws InterruptedException {
    Thread.sleep(1_100);
  }
}
