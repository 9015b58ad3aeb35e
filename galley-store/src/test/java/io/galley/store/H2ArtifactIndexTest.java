package io.galley.store;

import java.nio.file.Path;

/** The artifact index contract on the embedded H2 file database. */
class H2ArtifactIndexTest extends ArtifactIndexContractTest {
  @Override
  StoreConfig database(Path tempDir) {
    return TestDatabases.h2(tempDir);
  }
}
