package io.galley.store;

import java.nio.file.Path;

/**
 * Version files and concurrent registration on PostgreSQL; see {@link TestDatabases#postgres()} for
 * the server.
 */
class PostgresModelVersionFilesTest extends ModelVersionFilesContractTest {
  @Override
  StoreConfig database(Path tempDir) {
    return TestDatabases.postgres();
  }
}
