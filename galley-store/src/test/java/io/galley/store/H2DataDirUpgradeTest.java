package io.galley.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory written by an older H2 opens with today's: H2 changes its file format between
 * minor releases, and a user's {@code galley-data} must survive an upgrade of Galley. The fixture
 * (see {@code h2-data-dirs/README.md}) holds {@link MigrationTest}'s data at schema V4, so opening
 * it also migrates it to the latest schema.
 */
class H2DataDirUpgradeTest {
  @TempDir Path dataDir;

  @Test
  void aDataDirWrittenByH2_2_3_232OpensAndMigrates() throws IOException {
    copyFixture("h2-2.3.232-schema-V4");
    try (JdbcStore store = JdbcStore.open(StoreConfig.fromUri(null, dataDir))) {
      MigrationTest.checkFixtureData(store.tracking());
      MigrationTest.checkArtifactData(store.artifacts(), true);
      MigrationTest.checkRegistryData(store.modelRegistry(), true);
      MigrationTest.checkOciData(store.imageRegistry(), true);
    }
    // What the upgraded store wrote is there after a restart.
    try (JdbcStore store = JdbcStore.open(StoreConfig.fromUri(null, dataDir))) {
      assertThat(store.tracking().findExperimentByName("after-migration")).isPresent();
    }
  }

  private void copyFixture(String name) throws IOException {
    String resource = "/h2-data-dirs/" + name + "/galley.mv.db";
    try (InputStream in = getClass().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      Files.copy(in, dataDir.resolve("galley.mv.db"));
    }
  }
}
