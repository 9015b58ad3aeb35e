package io.galley.store;

import java.nio.file.Path;

/** Grants, groups and defaults on the embedded H2 file database. */
class H2PermissionStoreTest extends PermissionStoreContractTest {
  @Override
  StoreConfig database(Path tempDir) {
    return TestDatabases.h2(tempDir);
  }
}
