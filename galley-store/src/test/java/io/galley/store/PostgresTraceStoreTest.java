package io.galley.store;

import java.nio.file.Path;

/** The trace contract on PostgreSQL; see {@link TestDatabases#postgres()} for the server. */
class PostgresTraceStoreTest extends TraceStoreContractTest {
  @Override
  StoreConfig database(Path tempDir) {
    return TestDatabases.postgres();
  }
}
