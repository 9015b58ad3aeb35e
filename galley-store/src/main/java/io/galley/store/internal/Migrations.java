package io.galley.store.internal;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jspecify.annotations.Nullable;

/**
 * The schema's versions: {@code classpath:db/migration}, one script per version, shared by H2 and
 * PostgreSQL. Public so that the migration test can stop at each older version.
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
            .failOnMissingLocations(true);
    if (target != null) {
      config.target(target);
    }
    return config.load();
  }

  public static void migrate(DataSource dataSource) {
    flyway(dataSource, null).migrate();
  }
}
