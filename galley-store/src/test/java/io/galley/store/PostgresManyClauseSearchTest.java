package io.galley.store;

import java.nio.file.Path;

/** Many-clause filters on PostgreSQL; see {@link TestDatabases#postgres()} for the server. */
class PostgresManyClauseSearchTest extends ManyClauseSearchContractTest {
  @Override
  StoreConfig database(Path tempDir) {
    return TestDatabases.postgres();
  }
}
