package io.galley.store;

import java.nio.file.Path;

/** The registry contract on the embedded H2 file database, as the server runs it by default. */
class H2ModelRegistryTest extends ModelRegistryContractTest {
  @Override
  StoreConfig database(Path tempDir) {
    return TestDatabases.h2(tempDir);
  }
}
