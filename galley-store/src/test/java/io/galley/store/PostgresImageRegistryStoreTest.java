package io.galley.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The OCI registry store's contract on PostgreSQL; see {@link TestDatabases#postgres()} for the
 * server.
 */
class PostgresImageRegistryStoreTest extends ImageRegistryStoreContractTest {
  @Override
  StoreConfig database(Path tempDir) {
    return TestDatabases.postgres();
  }

  /**
   * The test databases are created with the C collation, so the contract's paging tests would pass
   * without the schema's help; a production database often has another (en_US.UTF-8 sorts {@code
   * a-b} after {@code a.b} and ignores case first). The paged columns carry their own.
   */
  @Test
  void pagedColumnsCompareByCodePointWhateverTheDatabaseCollation() throws Exception {
    Map<String, String> collations = new HashMap<>();
    try (Connection c =
            DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT table_name, column_name, collation_name FROM information_schema.columns"
                    + " WHERE (table_name = 'oci_repositories' AND column_name = 'name')"
                    + " OR (table_name = 'oci_tags' AND column_name = 'tag')")) {
      while (rs.next()) {
        collations.put(rs.getString(1) + "." + rs.getString(2), rs.getString(3));
      }
    }
    assertThat(collations)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("oci_repositories.name", "C", "oci_tags.tag", "C"));
  }
}
