package io.galley.store;

import java.nio.file.Path;

/** Many-clause filters on the embedded H2 file database. */
class H2ManyClauseSearchTest extends ManyClauseSearchContractTest {
  @Override
  StoreConfig database(Path tempDir) {
    return TestDatabases.h2(tempDir);
  }
}
