package io.galley.store;

import java.nio.file.Path;

/**
 * The OCI registry store's contract on the embedded H2 file database, as the server runs it by
 * default; {@link #anUploadSurvivesReopeningTheStore} reopens the same files.
 */
class H2ImageRegistryStoreTest extends ImageRegistryStoreContractTest {
  @Override
  StoreConfig database(Path tempDir) {
    return TestDatabases.h2(tempDir);
  }
}
