package io.galley.store;

import java.nio.file.Path;

/** The registry contract on PostgreSQL; see {@link TestDatabases#postgres()} for the server. */
class PostgresModelRegistryTest extends ModelRegistryContractTest {
  @Override
  StoreConfig database(Path tempDir) {
    return TestDatabases.postgres();
  }
}
