package io.galley.server.gc;

import io.galley.server.TestServer;
import io.galley.store.TestDatabases;
import java.nio.file.Path;

/**
 * Collection at grace 0 under concurrent uploads and pushes, over PostgreSQL; skipped when no
 * PostgreSQL can be started.
 */
class CollectionAtGraceZeroPostgresTest extends CollectionAtGraceZeroContract {
  @Override
  protected TestServer startServer(Path dir) {
    return TestServer.on(TestDatabases.postgres(), dir.resolve("blobs"));
  }
}
