package io.galley.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.core.blob.BlobStore;
import io.galley.server.Http;
import io.galley.server.Http.Resp;
import io.galley.server.TestServer;
import io.galley.store.blob.FileBlobStore;
import io.galley.store.disk.DiskSpace;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /health} as a readiness check: each store it asks, and the room on the watched disks. */
class ReadinessTest {
  @TempDir Path dir;

  @Test
  void readyWhenEveryStoreAnswersAndTheDisksHaveRoom() {
    Readiness readiness =
        new Readiness(() -> {}, FileBlobStore.open(dir.resolve("blobs")), watching(0));
    assertThat(readiness.problems()).isEmpty();
  }

  @Test
  void eachFailingPartIsOneLineNamingTheStoreAndNothingOfItsInternals() {
    BlobStore broken =
        (BlobStore)
            Proxy.newProxyInstance(
                BlobStore.class.getClassLoader(),
                new Class<?>[] {BlobStore.class},
                (proxy, method, args) -> {
                  throw new IllegalStateException("bucket /secret/path unreachable");
                });
    Readiness readiness =
        new Readiness(
            () -> {
              throw new IllegalStateException("jdbc:postgresql://db/x refused");
            },
            broken,
            watching(Long.MAX_VALUE));
    List<String> problems = readiness.problems();
    assertThat(problems).hasSize(3);
    assertThat(problems.get(0)).isEqualTo("metadata store: does not answer");
    assertThat(problems.get(1)).isEqualTo("blob store: does not answer");
    assertThat(problems.get(2))
        .startsWith("blob store: The blob store's disk has")
        .contains("MiB free");
    assertThat(String.join("\n", problems)).doesNotContain("secret").doesNotContain("jdbc:");
  }

  @Test
  void aServerWithADiskShortOfItsReserveAnswers503AndSaysWhich() {
    try (TestServer server = TestServer.h2(dir, watching(Long.MAX_VALUE))) {
      Http http = server.http();
      Resp health = http.get("/health");
      assertThat(health.status()).isEqualTo(503);
      assertThat(health.body()).startsWith("NOT READY\n").contains("blob store's disk has");
      assertThat(health.body()).doesNotContain(dir.toString());
    }
  }

  private DiskSpace watching(long reserve) {
    return new DiskSpace(List.of(new DiskSpace.Disk("blob store", dir.resolve("blobs"))), reserve);
  }
}
