package io.galley.store.jdbc.internal;

import io.galley.core.Cancellation;
import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.config.JdbiConfig;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's guards on one Jdbi: every statement's timeout, a hook that cancels a running
 * statement when the caller bound to the thread ({@link Cancellation}) goes away, and the share of
 * the pool that searches may hold. Kept in Jdbi's configuration so that every store over the same
 * Jdbi shares one share; a Jdbi never {@linkplain #install installed} guards nothing.
 */
public final class QueryGuard implements JdbiConfig<QueryGuard> {
  private static final Logger LOG = LoggerFactory.getLogger(QueryGuard.class);

  private Duration statementTimeout = Duration.ZERO;
  private Semaphore searches = new Semaphore(Integer.MAX_VALUE);
  private int maxSearches = Integer.MAX_VALUE;
  private Duration searchWait = Duration.ZERO;

  /** Jdbi's default instance: no limits. */
  public QueryGuard() {}

  public static void install(
      Jdbi jdbi, Duration statementTimeout, int maxConcurrentSearches, Duration searchWait) {
    QueryGuard guard = jdbi.getConfig(QueryGuard.class);
    guard.statementTimeout = statementTimeout;
    guard.searches = new Semaphore(maxConcurrentSearches, true);
    guard.maxSearches = maxConcurrentSearches;
    guard.searchWait = searchWait;
    if (!statementTimeout.isZero()) {
      // JDBC counts whole seconds; a timeout under one second would mean none.
      int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, statementTimeout.toSeconds()));
      jdbi.getConfig(SqlStatements.class).setQueryTimeout(seconds);
    }
    jdbi.getConfig(SqlStatements.class).addCustomizer(new StopWhenCallerGone());
  }

  Duration statementTimeout() {
    return statementTimeout;
  }

  /** Takes a share of the pool for one search; running what it returns gives it back. */
  Runnable searchPermit() {
    try {
      if (!searches.tryAcquire(searchWait.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new GalleyException(
            ErrorCode.TEMPORARILY_UNAVAILABLE,
            "The server is running as many searches as it allows at once ("
                + maxSearches
                + "); try again");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GalleyException(ErrorCode.CANCELLED, "Interrupted while waiting to search");
    }
    return searches::release;
  }

  @Override
  public QueryGuard createCopy() {
    // Handles copy the configuration; the share must stay the one semaphore.
    return this;
  }

  /** Registers the statement with the thread's cancellation while it executes. */
  private static final class StopWhenCallerGone implements StatementCustomizer {
    @Override
    public void beforeExecution(PreparedStatement statement, StatementContext ctx)
        throws SQLException {
      Cancellation c = Cancellation.current().orElse(null);
      if (c == null) {
        return;
      }
      if (c.isCancelled()) {
        throw new SQLException("The caller has gone", Db.QUERY_CANCELED);
      }
      Cancellation.Registration registration = c.onCancel(() -> cancel(statement));
      ctx.addCleanable(registration::close);
    }

    private static void cancel(PreparedStatement statement) {
      try {
        statement.cancel();
      } catch (SQLException e) {
        // The statement may have ended meanwhile; nothing is left to stop.
        LOG.debug("Cancelling a statement whose caller left failed", e);
      }
    }
  }
}
