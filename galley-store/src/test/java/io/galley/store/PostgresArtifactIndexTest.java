package io.galley.store;

import java.nio.file.Path;

/** The artifact index contract on PostgreSQL; see {@link TestDatabases#postgres()}. */
class PostgresArtifactIndexTest extends ArtifactIndexContractTest {
  @Override
  StoreConfig database(Path tempDir) {
    return TestDatabases.postgres();
  }
}
