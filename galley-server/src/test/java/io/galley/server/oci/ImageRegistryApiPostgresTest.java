package io.galley.server.oci;

import io.galley.server.TestServer;
import io.galley.store.TestDatabases;
import java.nio.file.Path;

/** The distribution API contract over PostgreSQL; skipped when no PostgreSQL can be started. */
class ImageRegistryApiPostgresTest extends ImageRegistryApiContract {
  @Override
  protected TestServer startServer(Path dir) {
    return TestServer.on(TestDatabases.postgres(), dir.resolve("blobs"));
  }
}
