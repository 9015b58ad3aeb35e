package io.galley.server.mlflow;

import io.galley.server.TestServer;
import io.galley.store.TestDatabases;
import java.nio.file.Path;

/** The registry API contract over PostgreSQL; skipped when no PostgreSQL can be started. */
class ModelRegistryApiPostgresTest extends ModelRegistryApiContract {
  @Override
  protected TestServer startServer(Path dir) {
    return TestServer.on(TestDatabases.postgres(), dir.resolve("blobs"));
  }
}
