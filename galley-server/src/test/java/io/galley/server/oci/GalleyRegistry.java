package io.galley.server.oci;

import io.galley.server.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/** Galley's server, whose {@code /v2/} is the registry under test, on a free port over H2. */
public final class GalleyRegistry implements RegistryUnderTest {
  private final TestServer server;

  private GalleyRegistry(TestServer server) {
    this.server = server;
  }

  public static GalleyRegistry start(Path dir) {
    return new GalleyRegistry(TestServer.h2(dir));
  }

  public TestServer server() {
    return server;
  }

  @Override
  public String host() {
    return server.http().base().substring("http://".length());
  }

  /**
   * Galley streams a chunk into the blob store's {@code tmp/} before it becomes a blob; a non-empty
   * file there is an upload in progress.
   */
  @Override
  public boolean awaitUploadStarted(String repository, Duration max) throws InterruptedException {
    Path spool = server.blobDir().resolve("tmp");
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      if (spooledBytes(spool) > 0) {
        return true;
      }
      Thread.sleep(10);
    }
    return false;
  }

  private static long spooledBytes(Path spool) {
    if (!Files.isDirectory(spool)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(spool)) {
      return files
          .mapToLong(
              f -> {
                try {
                  return Files.size(f);
                } catch (IOException e) {
                  return 0; // published or removed meanwhile
                }
              })
          .sum();
    } catch (IOException e) {
      return 0;
    }
  }

  @Override
  public String name() {
    return "galley";
  }

  @Override
  public void close() {
    server.close();
  }
}
