package io.galley.store;

import java.nio.file.Path;

/** The tracking contract on PostgreSQL; see {@link TestDatabases#postgres()} for the server. */
class PostgresTrackingStoreTest extends TrackingStoreContractTest {
  @Override
  StoreConfig database(Path tempDir) {
    return TestDatabases.postgres();
  }
}
