package io.galley.store;

import java.nio.file.Path;

/** Users and tokens on the embedded H2 file database. */
class H2IdentityStoreTest extends IdentityStoreContractTest {
  @Override
  StoreConfig database(Path tempDir) {
    return TestDatabases.h2(tempDir);
  }
}
