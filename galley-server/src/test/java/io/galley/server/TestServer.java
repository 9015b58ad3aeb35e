package io.galley.server;

import io.galley.core.access.Permission;
import io.galley.core.artifact.ArtifactIndex;
import io.galley.core.registry.ModelRegistry;
import io.galley.core.tracking.TrackingStore;
import io.galley.store.JdbcStore;
import io.galley.store.StoreConfig;
import io.galley.store.blob.FileBlobStore;
import io.galley.store.disk.DiskSpace;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * A GalleyServer on a loopback port over a real store; close() stops both. The one test server: the
 * server's, the SDK's and the CLI's tests all start this (galley-server's test-jar).
 */
public final class TestServer implements AutoCloseable {
  private final JdbcStore jdbc;
  private final Path blobDir;
  private final FileBlobStore blobs;
  private final ArtifactIndex artifacts;
  private final GalleyServer server;
  private final Http http;
  private final int port;

  private TestServer(
      JdbcStore jdbc, Path blobDir, ServerConfig config, UnaryOperator<TrackingStore> wrap) {
    this(jdbc, blobDir, config, wrap, DiskSpace.none());
  }

  private TestServer(
      JdbcStore jdbc,
      Path blobDir,
      ServerConfig config,
      UnaryOperator<TrackingStore> wrap,
      DiskSpace disks) {
    this(jdbc, blobDir, config, wrap, disks, false);
  }

  private TestServer(
      JdbcStore jdbc,
      Path blobDir,
      ServerConfig config,
      UnaryOperator<TrackingStore> wrap,
      DiskSpace disks,
      boolean accessControl) {
    this.jdbc = jdbc;
    this.blobDir = blobDir;
    this.blobs = FileBlobStore.open(blobDir);
    TrackingStore tracking = wrap.apply(jdbc.tracking());
    this.artifacts = jdbc.artifacts();
    GalleyServer.Builder builder =
        GalleyServer.builder()
            .config(config)
            .store(jdbc)
            .tracking(tracking)
            .blobs(blobs)
            .disks(disks);
    if (accessControl) {
      builder.accessControl(jdbc.identities(), jdbc.permissions(), jdbc.audit(), Permission.READ);
    }
    this.server = builder.build();
    this.port = server.start();
    this.http = new Http(port);
  }

  /** An H2 file database in {@code dir}, with access control on (users: {@link #store()}). */
  public static TestServer h2WithAccessControl(Path dir) {
    return h2WithAccessControl(dir, ServerConfig.defaults().withPort(0));
  }

  /** As {@link #h2WithAccessControl(Path)}, listening as {@code config} says. */
  public static TestServer h2WithAccessControl(Path dir, ServerConfig config) {
    return new TestServer(
        JdbcStore.open(StoreConfig.fromUri(null, dir)),
        dir.resolve("blobs"),
        config,
        UnaryOperator.identity(),
        DiskSpace.none(),
        true);
  }

  /** An H2 file database in {@code dir}. */
  public static TestServer h2(Path dir) {
    return h2(dir, ServerConfig.defaults().withPort(0), UnaryOperator.identity());
  }

  public static TestServer h2(Path dir, ServerConfig config, UnaryOperator<TrackingStore> wrap) {
    return new TestServer(
        JdbcStore.open(StoreConfig.fromUri(null, dir)), dir.resolve("blobs"), config, wrap);
  }

  /** An H2 file database in {@code dir}, watching {@code disks} for room. */
  public static TestServer h2(Path dir, DiskSpace disks) {
    return new TestServer(
        JdbcStore.open(StoreConfig.fromUri(null, dir)),
        dir.resolve("blobs"),
        ServerConfig.defaults().withPort(0),
        UnaryOperator.identity(),
        disks);
  }

  /** Over {@code store}, with blobs in {@code blobDir}. */
  public static TestServer on(StoreConfig store, Path blobDir) {
    return new TestServer(
        JdbcStore.open(store),
        blobDir,
        ServerConfig.defaults().withPort(0),
        UnaryOperator.identity());
  }

  /** H2 in {@code dir} on {@code port} (0 for a free one), as a restarted server is. */
  public static TestServer h2(Path dir, int port) {
    return h2(dir, ServerConfig.defaults().withPort(port), UnaryOperator.identity());
  }

  /** {@code http://127.0.0.1:<port>}, the tracking URI clients take. */
  public String uri() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public JdbcStore store() {
    return jdbc;
  }

  public Http http() {
    return http;
  }

  public Path blobDir() {
    return blobDir;
  }

  public FileBlobStore blobs() {
    return blobs;
  }

  public ArtifactIndex artifacts() {
    return artifacts;
  }

  public ModelRegistry modelRegistry() {
    return jdbc.modelRegistry();
  }

  public GalleyServer server() {
    return server;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } finally {
      jdbc.close();
    }
  }
}
