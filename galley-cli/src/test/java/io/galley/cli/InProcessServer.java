package io.galley.cli;

import io.galley.core.tracking.TrackingStore;
import io.galley.server.TestServer;
import io.galley.store.JdbcStore;
import io.galley.store.blob.FileBlobStore;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A real server on a free loopback port over H2 and blobs in {@code dataDir}, for the client verbs
 * to talk to; {@link #galley} runs a verb against it.
 */
final class InProcessServer implements AutoCloseable {
  private final TestServer server;

  InProcessServer(Path dataDir) {
    server = TestServer.h2(dataDir);
  }

  JdbcStore store() {
    return server.store();
  }

  TrackingStore tracking() {
    return server.store().tracking();
  }

  FileBlobStore blobs() {
    return server.blobs();
  }

  String uri() {
    return server.uri();
  }

  /** Runs {@code galley <args> --tracking-uri <this server>}. */
  CliRunner galley(String... args) {
    String[] withUri = Arrays.copyOf(args, args.length + 2);
    withUri[args.length] = "--tracking-uri";
    withUri[args.length + 1] = server.uri();
    return CliRunner.run(withUri);
  }

  @Override
  public void close() {
    server.close();
  }
}
