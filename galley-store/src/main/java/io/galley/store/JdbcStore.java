package io.galley.store;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import io.galley.core.access.AuditLog;
import io.galley.core.access.IdentityStore;
import io.galley.core.access.PermissionStore;
import io.galley.core.artifact.ArtifactIndex;
import io.galley.core.registry.ModelRegistry;
import io.galley.core.registry.ValidatingModelRegistry;
import io.galley.core.tracing.TraceStore;
import io.galley.core.tracing.ValidatingTraceStore;
import io.galley.core.tracking.TrackingStore;
import io.galley.core.tracking.ValidatingTrackingStore;
import io.galley.oci.registry.ImageRegistryStore;
import io.galley.store.access.internal.JdbcAuditLog;
import io.galley.store.access.internal.JdbcIdentityStore;
import io.galley.store.access.internal.JdbcPermissionStore;
import io.galley.store.artifact.internal.JdbcArtifactIndex;
import io.galley.store.image.internal.JdbcImageRegistryStore;
import io.galley.store.jdbc.internal.ClosedDatabaseEviction;
import io.galley.store.jdbc.internal.Migrations;
import io.galley.store.jdbc.internal.QueryGuard;
import io.galley.store.modelregistry.internal.JdbcModelRegistry;
import io.galley.store.tracing.internal.JdbcTraceStore;
import io.galley.store.tracking.internal.JdbcTrackingStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;

/** The relational metadata store: a connection pool, migrated schema, and the stores over it. */
public final class JdbcStore implements AutoCloseable {
  private static final String H2_FILE = "jdbc:h2:file:";
  // H2's ErrorCode.DATABASE_ALREADY_OPEN_1: another process holds the file lock.
  private static final int H2_DATABASE_ALREADY_OPEN = 90020;

  private final HikariDataSource dataSource;
  private final TrackingStore tracking;
  private final ArtifactIndex artifacts;
  private final ModelRegistry registry;
  private final ImageRegistryStore imageRegistry;
  private final TraceStore traces;
  private final IdentityStore identities;
  private final PermissionStore permissions;
  private final AuditLog audit;

  private JdbcStore(HikariDataSource dataSource, QueryLimits limits) {
    this.dataSource = dataSource;
    Jdbi jdbi = Jdbi.create(dataSource);
    QueryGuard.install(
        jdbi, limits.statementTimeout(), limits.maxConcurrentSearches(), limits.searchWait());
    // The limits stand in front of the adapters, so that an adapter cannot forget one.
    this.tracking = ValidatingTrackingStore.of(new JdbcTrackingStore(jdbi));
    this.artifacts = new JdbcArtifactIndex(jdbi);
    this.registry = ValidatingModelRegistry.of(new JdbcModelRegistry(jdbi));
    this.imageRegistry = new JdbcImageRegistryStore(jdbi);
    this.traces = ValidatingTraceStore.of(new JdbcTraceStore(jdbi));
    this.identities = new JdbcIdentityStore(jdbi, Clock.systemUTC());
    this.permissions = new JdbcPermissionStore(jdbi, Clock.systemUTC());
    this.audit = new JdbcAuditLog(jdbi);
  }

  /** Opens the pool and migrates the schema to the latest version, with the default limits. */
  public static JdbcStore open(StoreConfig config) {
    return open(config, QueryLimits.DEFAULT);
  }

  /** Opens the pool and migrates the schema to the latest version. */
  public static JdbcStore open(StoreConfig config, QueryLimits limits) {
    requireNonNull(config, "config");
    requireNonNull(limits, "limits");
    if (config.jdbcUrl().startsWith(H2_FILE)) {
      compactH2File(config);
    }
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(config.jdbcUrl());
    if (config.user() != null) {
      hikari.setUsername(config.user());
    }
    if (config.password() != null) {
      hikari.setPassword(config.password());
    }
    hikari.setPoolName("galley-store");
    hikari.setMaximumPoolSize(limits.poolSize());
    ClosedDatabaseEviction eviction = new ClosedDatabaseEviction();
    hikari.setExceptionOverride(eviction);
    HikariDataSource dataSource;
    try {
      dataSource = new HikariDataSource(hikari);
    } catch (RuntimeException e) {
      throw cannotOpen(config, e);
    }
    HikariDataSource pool = dataSource;
    eviction.evictAllWith(() -> pool.getHikariPoolMXBean().softEvictConnections());
    try {
      Migrations.migrate(dataSource);
      return new JdbcStore(dataSource, limits);
    } catch (FlywayException | GalleyException e) {
      dataSource.close();
      throw new GalleyException(
          ErrorCode.INTERNAL_ERROR,
          "Cannot migrate the metadata store at " + config.shownUrl() + ": " + rootMessage(e),
          e);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  /**
   * Opens the embedded database alone, before the pool does, and compacts its file if a kill left
   * it mostly dead chunks ({@link H2FileCompaction}); a dense file is left as it is.
   */
  private static void compactH2File(StoreConfig config) {
    try (Connection c =
        DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password())) {
      H2FileCompaction.compactIfSparse(c);
    } catch (SQLException e) {
      throw cannotOpen(config, e);
    }
  }

  /** Users and their API tokens. */
  public IdentityStore identities() {
    return identities;
  }

  /** Who changed what. */
  public AuditLog audit() {
    return audit;
  }

  /** Who may do what with which experiment or model: grants, groups, users' defaults. */
  public PermissionStore permissions() {
    return permissions;
  }

  public TrackingStore tracking() {
    return tracking;
  }

  /** Runs' artifact trees (path to blob digest and size). */
  public ArtifactIndex artifacts() {
    return artifacts;
  }

  /**
   * The model registry. Its versions keep the digests of the run files they were registered from: a
   * blob collector must read {@link #artifacts()}' references before the registry's, since
   * registering moves a reference from a run to a version, never the other way.
   */
  public ModelRegistry modelRegistry() {
    return registry;
  }

  /**
   * The OCI registry's metadata: repositories, blob links, upload sessions, manifests and tags. Its
   * {@link ImageRegistryStore#forEachReferencedDigest} names the blobs it keeps alive, for the blob
   * collector along with {@link #artifacts()}' and {@link #registry()}'s.
   */
  public ImageRegistryStore imageRegistry() {
    return imageRegistry;
  }

  /**
   * MLflow's traces: info, tags, request metadata, and the digest of each trace's data file, which
   * {@link TraceStore#forEachReferencedDigest} names for the blob collector.
   */
  public TraceStore traces() {
    return traces;
  }

  /**
   * One round trip to the database; throws {@link ErrorCode#TEMPORARILY_UNAVAILABLE} when it does
   * not answer within 5 s. A readiness check's question.
   */
  public void ping() {
    try (Connection connection = dataSource.getConnection()) {
      if (!connection.isValid(5)) {
        throw new GalleyException(
            ErrorCode.TEMPORARILY_UNAVAILABLE, "The metadata store does not answer");
      }
    } catch (SQLException e) {
      throw new GalleyException(
          ErrorCode.TEMPORARILY_UNAVAILABLE, "The metadata store does not answer", e);
    }
  }

  @Override
  public void close() {
    try {
      if (dataSource.getJdbcUrl().startsWith(H2_FILE)) {
        // The server has stopped taking requests: no writer is about (see H2FileCompaction).
        try (Connection c = dataSource.getConnection()) {
          H2FileCompaction.compactIfSparse(c);
        } catch (SQLException | RuntimeException e) {
          // Left for the next start; closing matters more than compacting.
        }
      }
    } finally {
      dataSource.close();
    }
  }

  private static GalleyException cannotOpen(StoreConfig config, Exception e) {
    String url = config.shownUrl();
    boolean embedded = url.startsWith(H2_FILE);
    if (embedded && hasSqlErrorCode(e, H2_DATABASE_ALREADY_OPEN)) {
      Path dir = Path.of(url.substring(H2_FILE.length())).getParent();
      return new GalleyException(
          ErrorCode.TEMPORARILY_UNAVAILABLE,
          "Another Galley server is using the data directory "
              + dir
              + " (its database file is locked). Stop that server, or give this one another"
              + " --data-dir.",
          e);
    }
    return new GalleyException(
        ErrorCode.TEMPORARILY_UNAVAILABLE,
        "Cannot open the metadata store at "
            + url
            + " (set by "
            + (embedded ? "--data-dir" : StoreConfig.SETTING)
            + "): "
            + rootMessage(e),
        e);
  }

  private static boolean hasSqlErrorCode(Throwable e, int code) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql && sql.getErrorCode() == code) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return String.valueOf(t.getMessage());
  }
}
