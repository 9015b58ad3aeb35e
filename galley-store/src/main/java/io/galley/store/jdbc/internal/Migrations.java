package io.galley.store.jdbc.internal;

import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jspecify.annotations.Nullable;

/**
 * The schema's versions: {@code classpath:db/migration}, one script per version, shared by H2 and
 * PostgreSQL. Public so that the migration test can stop at each older version.
 *
 * <p>The scripts may use one placeholder, {@code ${bytewise}}, after a text column's type: {@code
 * COLLATE "C"} on PostgreSQL, nothing on H2. Such a column compares and sorts by code point on both
 * databases (H2 compares strings with {@link String#compareTo} unless told otherwise), whatever
 * collation the PostgreSQL database was created with, so that its index serves paging in the
 * lexical order a protocol requires (the OCI registry's tag and catalog lists).
 */
public final class Migrations {
  public static final String LOCATION = "classpath:db/migration";

  private Migrations() {}

  /** Flyway for this schema; {@code target} null means the latest version. */
  public static Flyway flyway(DataSource dataSource, @Nullable String target) {
    FluentConfiguration config =
        Flyway.configure()
            .dataSource(dataSource)
            .locations(LOCATION)
            .table("galley_schema_history")
            .placeholders(Map.of("bytewise", isPostgres(dataSource) ? " COLLATE \"C\"" : ""))
            .failOnMissingLocations(true);
    if (target != null) {
      config.target(target);
    }
    return config.load();
  }

  public static void migrate(DataSource dataSource) {
    flyway(dataSource, null).migrate();
  }

  private static boolean isPostgres(DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      return c.getMetaData().getDatabaseProductName().equals("PostgreSQL");
    } catch (SQLException e) {
      throw new GalleyException(
          ErrorCode.TEMPORARILY_UNAVAILABLE,
          "Cannot connect to the metadata store: " + e.getMessage(),
          e);
    }
  }
}
