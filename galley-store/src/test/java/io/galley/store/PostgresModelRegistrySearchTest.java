package io.galley.store;

import java.nio.file.Path;

/** The registry's searches on PostgreSQL; see {@link TestDatabases#postgres()}. */
class PostgresModelRegistrySearchTest extends ModelRegistrySearchContractTest {
  @Override
  StoreConfig database(Path tempDir) {
    return TestDatabases.postgres();
  }
}
