package io.galley.store.jdbc.internal;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;

/**
 * Tells the pool to drop every connection once the embedded database has closed itself.
 *
 * <p>Why: when a write fails (a full disk, most often), H2 closes the database, and every pooled
 * connection answers "The database has been closed" from then on, reads too, with an SQL state the
 * pool does not take for a dead connection. Dropping them all makes the next connection open the
 * database again from its files, as a restart would, and {@link Db} retries the transaction on it.
 */
public final class ClosedDatabaseEviction implements SQLExceptionOverride {
  /** H2's DATABASE_IS_CLOSED and DATABASE_CALLED_AT_SHUTDOWN. */
  static final String CLOSED = "90098";

  private static final String AT_SHUTDOWN = "90121";

  private volatile Runnable evictAll = () -> {};

  /** What drops every pooled connection; set once the pool exists. */
  public void evictAllWith(Runnable action) {
    evictAll = action;
  }

  @java.lang.Override
  public SQLExceptionOverride.Override adjudicate(SQLException e) {
    if (closed(e)) {
      evictAll.run();
      return SQLExceptionOverride.Override.MUST_EVICT;
    }
    return SQLExceptionOverride.Override.CONTINUE_EVICT;
  }

  static boolean closed(SQLException e) {
    String state = e.getSQLState();
    return CLOSED.equals(state) || AT_SHUTDOWN.equals(state);
  }
}
