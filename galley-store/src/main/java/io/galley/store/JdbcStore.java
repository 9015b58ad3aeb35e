package io.galley.store;

import io.galley.core.tracking.TrackingStore;

/** The relational metadata store: a connection pool, migrated schema, and the stores over it. */
public final class JdbcStore implements AutoCloseable {
  private JdbcStore() {}

  /** Opens the pool and migrates the schema to the latest version. */
  public static JdbcStore open(StoreConfig config) {
    throw new UnsupportedOperationException("not written yet");
  }

  public TrackingStore tracking() {
    throw new UnsupportedOperationException("not written yet");
  }

  @Override
  public void close() {}
}
