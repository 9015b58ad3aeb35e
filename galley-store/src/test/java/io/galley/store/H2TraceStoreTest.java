package io.galley.store;

import java.nio.file.Path;

/** The trace contract on the embedded H2 file database, as the server runs it by default. */
class H2TraceStoreTest extends TraceStoreContractTest {
  @Override
  StoreConfig database(Path tempDir) {
    return TestDatabases.h2(tempDir);
  }
}
