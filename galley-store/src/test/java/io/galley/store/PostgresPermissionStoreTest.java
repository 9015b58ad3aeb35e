package io.galley.store;

import java.nio.file.Path;

/**
 * Grants, groups and defaults on PostgreSQL; see {@link TestDatabases#postgres()} for the server.
 */
class PostgresPermissionStoreTest extends PermissionStoreContractTest {
  @Override
  StoreConfig database(Path tempDir) {
    return TestDatabases.postgres();
  }
}
