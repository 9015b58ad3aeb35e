package io.galley.store;

import java.nio.file.Path;

/** Users and tokens on PostgreSQL; see {@link TestDatabases#postgres()} for the server. */
class PostgresIdentityStoreTest extends IdentityStoreContractTest {
  @Override
  StoreConfig database(Path tempDir) {
    return TestDatabases.postgres();
  }
}
