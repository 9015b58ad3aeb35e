package io.galley.server;

import io.galley.core.tracking.TrackingStore;
import io.galley.store.JdbcStore;
import io.galley.store.StoreConfig;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** A GalleyServer on a free loopback port over a real store; close() stops both. */
public final class TestServer implements AutoCloseable {
  private final JdbcStore jdbc;
  private final GalleyServer server;
  private final Http http;

  private TestServer(JdbcStore jdbc, ServerConfig config, UnaryOperator<TrackingStore> wrap) {
    this.jdbc = jdbc;
    this.server = new GalleyServer(config, wrap.apply(jdbc.tracking()));
    this.http = new Http(server.start());
  }

  /** An H2 file database in {@code dir}. */
  public static TestServer h2(Path dir) {
    return h2(dir, ServerConfig.defaults().withPort(0), UnaryOperator.identity());
  }

  public static TestServer h2(Path dir, ServerConfig config, UnaryOperator<TrackingStore> wrap) {
    return new TestServer(JdbcStore.open(StoreConfig.fromUri(null, dir)), config, wrap);
  }

  public static TestServer on(StoreConfig store) {
    return new TestServer(
        JdbcStore.open(store), ServerConfig.defaults().withPort(0), UnaryOperator.identity());
  }

  public Http http() {
    return http;
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
