package io.galley.cli;

import io.galley.core.tracking.TrackingStore;
import io.galley.server.GalleyServer;
import io.galley.server.ServerConfig;
import io.galley.store.JdbcStore;
import io.galley.store.StoreConfig;
import io.galley.store.blob.FileBlobStore;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A real server on a free loopback port over H2 and blobs in {@code dataDir}, for the client verbs
 * to talk to; {@link #galley} runs a verb against it.
 */
final class InProcessServer implements AutoCloseable {
  private final JdbcStore store;
  private final FileBlobStore blobs;
  private final GalleyServer server;
  private final String uri;

  InProcessServer(Path dataDir) {
    store = JdbcStore.open(StoreConfig.fromUri(null, dataDir));
    blobs = FileBlobStore.open(dataDir.resolve("blobs"));
    server =
        GalleyServer.builder()
            .config(ServerConfig.defaults().withPort(0))
            .store(store)
            .blobs(blobs)
            .build();
    uri = "http://127.0.0.1:" + server.start();
  }

  JdbcStore store() {
    return store;
  }

  TrackingStore tracking() {
    return store.tracking();
  }

  FileBlobStore blobs() {
    return blobs;
  }

  String uri() {
    return uri;
  }

  /** Runs {@code galley <args> --tracking-uri <this server>}. */
  CliRunner galley(String... args) {
    String[] withUri = Arrays.copyOf(args, args.length + 2);
    withUri[args.length] = "--tracking-uri";
    withUri[args.length + 1] = uri;
    return CliRunner.run(withUri);
  }

  @Override
  public void close() {
    server.stop();
    store.close();
  }
}
