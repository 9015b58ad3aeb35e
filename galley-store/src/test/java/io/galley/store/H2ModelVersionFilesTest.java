package io.galley.store;

import java.nio.file.Path;

/**
 * Version files and concurrent registration on the embedded H2 file database, as the server runs it
 * by default.
 */
class H2ModelVersionFilesTest extends ModelVersionFilesContractTest {
  @Override
  StoreConfig database(Path tempDir) {
    return TestDatabases.h2(tempDir);
  }
}
