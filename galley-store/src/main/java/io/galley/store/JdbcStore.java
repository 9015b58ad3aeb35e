package io.galley.store;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import io.galley.core.artifact.ArtifactIndex;
import io.galley.core.registry.ModelRegistry;
import io.galley.core.registry.ValidatingModelRegistry;
import io.galley.core.tracking.TrackingStore;
import io.galley.core.tracking.ValidatingTrackingStore;
import io.galley.oci.registry.ImageRegistryStore;
import io.galley.store.artifact.internal.JdbcArtifactIndex;
import io.galley.store.image.internal.JdbcImageRegistryStore;
import io.galley.store.jdbc.internal.Migrations;
import io.galley.store.modelregistry.internal.JdbcModelRegistry;
import io.galley.store.tracking.internal.JdbcTrackingStore;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;

/** The relational metadata store: a connection pool, migrated schema, and the stores over it. */
public final class JdbcStore implements AutoCloseable {
  private final HikariDataSource dataSource;
  private final TrackingStore tracking;
  private final ArtifactIndex artifacts;
  private final ModelRegistry registry;
  private final ImageRegistryStore imageRegistry;

  private JdbcStore(HikariDataSource dataSource) {
    this.dataSource = dataSource;
    Jdbi jdbi = Jdbi.create(dataSource);
    // The limits stand in front of the adapters, so that an adapter cannot forget one.
    this.tracking = ValidatingTrackingStore.of(new JdbcTrackingStore(jdbi));
    this.artifacts = new JdbcArtifactIndex(jdbi);
    this.registry = ValidatingModelRegistry.of(new JdbcModelRegistry(jdbi));
    this.imageRegistry = new JdbcImageRegistryStore(jdbi);
  }

  /** Opens the pool and migrates the schema to the latest version. */
  public static JdbcStore open(StoreConfig config) {
    requireNonNull(config, "config");
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(config.jdbcUrl());
    if (config.user() != null) {
      hikari.setUsername(config.user());
    }
    if (config.password() != null) {
      hikari.setPassword(config.password());
    }
    hikari.setPoolName("galley-store");
    hikari.setMaximumPoolSize(10);
    HikariDataSource dataSource;
    try {
      dataSource = new HikariDataSource(hikari);
    } catch (RuntimeException e) {
      throw new GalleyException(
          ErrorCode.TEMPORARILY_UNAVAILABLE,
          "Cannot open the metadata store at "
              + config.jdbcUrl()
              + " (set by "
              + StoreConfig.SETTING
              + "): "
              + rootMessage(e),
          e);
    }
    try {
      Migrations.migrate(dataSource);
      return new JdbcStore(dataSource);
    } catch (FlywayException | GalleyException e) {
      dataSource.close();
      throw new GalleyException(
          ErrorCode.INTERNAL_ERROR,
          "Cannot migrate the metadata store at " + config.jdbcUrl() + ": " + rootMessage(e),
          e);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
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

  @Override
  public void close() {
    dataSource.close();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return String.valueOf(t.getMessage());
  }
}
