package io.galley.store;

import java.nio.file.Path;

/** The registry's searches on the embedded H2 file database. */
class H2ModelRegistrySearchTest extends ModelRegistrySearchContractTest {
  @Override
  StoreConfig database(Path tempDir) {
    return TestDatabases.h2(tempDir);
  }
}
