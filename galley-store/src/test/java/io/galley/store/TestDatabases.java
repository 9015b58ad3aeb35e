package io.galley.store;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Databases for tests, reusable from other modules through galley-store's test-jar.
 *
 * <p>{@link #h2(Path)} is always available. {@link #postgres()} gives a fresh database on one
 * PostgreSQL server per JVM, found in this order: {@code GALLEY_TEST_POSTGRES_URL} (an external
 * server, {@code postgresql://user:pass@host:port/db} or a JDBC URL, whose user may create
 * databases); else zonky's embedded PostgreSQL (binaries from Maven Central; it works as root too,
 * its initdb and postgres drop to {@code nobody}); else PostgreSQL binaries on this machine ({@code
 * /usr/lib/postgresql/N/bin}) started through {@code setpriv} as an unprivileged user. When none
 * works the calling test is skipped, or fails if {@code GALLEY_REQUIRE_ALL=1}.
 */
public final class TestDatabases {
  private TestDatabases() {}

  /** An H2 file database in {@code dir}, configured as the server configures its default. */
  public static StoreConfig h2(Path dir) {
    return StoreConfig.fromUri(null, dir);
  }

  /**
   * A new database on the shared test PostgreSQL server, with Galley's schema at the latest
   * version, as {@link JdbcStore#open} leaves it.
   */
  public static StoreConfig postgres() {
    return server().createMigratedDatabase();
  }

  /** A new empty database on the shared test PostgreSQL server, for migration tests. */
  public static StoreConfig emptyPostgres() {
    return server().createEmptyDatabase();
  }

  private static PostgresServer server() {
    PostgresServer server = PostgresServer.shared();
    if (server.unavailable() != null) {
      String message = "PostgreSQL is not available for tests: " + server.unavailable();
      if ("1".equals(System.getenv("GALLEY_REQUIRE_ALL"))) {
        throw new IllegalStateException(message + " (GALLEY_REQUIRE_ALL=1 forbids skipping)");
      }
      Assumptions.abort(message);
    }
    return server;
  }
}
