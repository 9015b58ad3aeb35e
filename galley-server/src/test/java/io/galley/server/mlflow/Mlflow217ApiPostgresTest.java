package io.galley.server.mlflow;

import io.galley.server.TestServer;
import io.galley.store.TestDatabases;
import java.nio.file.Path;

/** MLflow 2.17's limits, search and log-model over PostgreSQL. */
class Mlflow217ApiPostgresTest extends Mlflow217ApiContract {
  @Override
  protected TestServer startServer(Path dir) {
    return TestServer.on(TestDatabases.postgres(), dir.resolve("blobs"));
  }
}
