package io.galley.store.jdbc.internal;

import io.galley.core.Cancellation;
import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import io.galley.core.InvalidRequestException;
import io.galley.store.disk.DiskFull;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transactions over Jdbi, with database errors turned into Galley's: a unique-key violation becomes
 * {@link UniqueViolation} for the caller to name, a value the column cannot hold becomes
 * INVALID_PARAMETER_VALUE, and lock conflicts are retried a few times before they surface.
 */
public final class Db {
  private static final Logger LOG = LoggerFactory.getLogger(Db.class);
  private static final int ATTEMPTS = 4;
  // PostgreSQL's query_canceled, which H2 uses too: a statement timeout or a cancel().
  static final String QUERY_CANCELED = "57014";
  private final Jdbi jdbi;

  public Db(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** A raw JDBC error from code that bypasses Jdbi for speed; translated like Jdbi's. */
  public static final class UncheckedSql extends RuntimeException {
    public UncheckedSql(SQLException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** A unique key was violated; the transaction was rolled back. */
  public static final class UniqueViolation extends RuntimeException {
    UniqueViolation(Throwable cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  public <T> T inTransaction(HandleCallback<T, RuntimeException> callback) {
    for (int attempt = 1; ; attempt++) {
      try {
        return jdbi.inTransaction(callback);
      } catch (JdbiException | UncheckedSql e) {
        SQLException sql = sqlCause(e);
        String state = sql == null ? "" : String.valueOf(sql.getSQLState());
        if (isRetryable(state) && attempt < ATTEMPTS) {
          continue;
        }
        throw translate(e, sql, state, jdbi);
      }
    }
  }

  /**
   * A transaction for a search: it holds one of the connections searches may share ({@link
   * QueryGuard}), waiting a little for one, so that heavy searches cannot take the whole pool.
   */
  public <T> T inSearch(HandleCallback<T, RuntimeException> callback) {
    Runnable release = jdbi.getConfig(QueryGuard.class).searchPermit();
    try {
      return inTransaction(callback);
    } finally {
      release.run();
    }
  }

  public void useTransaction(java.util.function.Consumer<Handle> callback) {
    inTransaction(
        h -> {
          callback.accept(h);
          return null;
        });
  }

  /**
   * Makes PostgreSQL join a statement's subqueries in the order they are written, for the rest of
   * the transaction, when there are more than it searches the orders of at its defaults: the search
   * itself costs seconds to minutes at a few dozen (see {@link RunFilterSql}). H2 plans them in
   * order anyway.
   */
  public static void planInWrittenOrder(Handle h, int subqueries) {
    if (subqueries <= RunFilterSql.PLANNED_IN_ORDER_ABOVE || !isPostgres(h)) {
      return;
    }
    h.execute("SET LOCAL join_collapse_limit = 1");
    h.execute("SET LOCAL from_collapse_limit = 1");
  }

  private static boolean isPostgres(Handle h) {
    try {
      return h.getConnection().getMetaData().getDatabaseProductName().equals("PostgreSQL");
    } catch (SQLException e) {
      throw new UncheckedSql(e);
    }
  }

  private static boolean isRetryable(String state) {
    // serialization failure, PostgreSQL deadlock, H2 lock timeout / deadlock; and H2's database
    // closed after a failed write, which the next connection opens again
    // (ClosedDatabaseEviction)
    return state.equals("40001")
        || state.equals("40P01")
        || state.equals("HYT00")
        || state.equals(ClosedDatabaseEviction.CLOSED);
  }

  private static RuntimeException translate(
      RuntimeException e,
      @org.jspecify.annotations.Nullable SQLException sql,
      String state,
      Jdbi jdbi) {
    if (state.equals("23505")) {
      return new UniqueViolation(e);
    }
    if (state.equals(QUERY_CANCELED)) {
      return stopped(e, jdbi);
    }
    if (DiskFull.causedBy(e) || state.equals("53100")) {
      // 53100: PostgreSQL's disk_full, on the database server's disk.
      return DiskFull.error("metadata store", e);
    }
    if (state.equals(ClosedDatabaseEviction.CLOSED)) {
      return new GalleyException(
          ErrorCode.TEMPORARILY_UNAVAILABLE,
          "The metadata store closed its database after a failed write; it opens it again on the"
              + " next request",
          e);
    }
    if (state.startsWith("22")) {
      // The driver's message quotes the statement and the value: it stays in the log.
      LOG.debug("A value does not fit the store (SQLSTATE {})", state, e);
      return new InvalidRequestException(valueRefused(state));
    }
    if (state.startsWith("08") || sql instanceof SQLTransientConnectionException) {
      return new GalleyException(
          ErrorCode.TEMPORARILY_UNAVAILABLE,
          "The metadata store is unavailable: " + (sql == null ? e.getMessage() : sql.getMessage()),
          e);
    }
    return new GalleyException(
        ErrorCode.INTERNAL_ERROR, "Metadata store error: " + e.getMessage(), e);
  }

  /** A statement stopped: by its caller leaving, or else by the statement timeout. */
  private static GalleyException stopped(RuntimeException e, Jdbi jdbi) {
    if (Cancellation.current().map(Cancellation::isCancelled).orElse(false)) {
      LOG.info("A query was stopped because its caller closed the connection");
      return new GalleyException(
          ErrorCode.CANCELLED, "The caller closed the connection; its query was stopped");
    }
    Duration timeout = jdbi.getConfig(QueryGuard.class).statementTimeout();
    // The statement's text stays in the log: it holds the caller's values.
    LOG.warn(
        "A query ran past the statement timeout of {} s and was stopped", timeout.toSeconds(), e);
    return new GalleyException(
        ErrorCode.DEADLINE_EXCEEDED,
        "The query ran longer than the metadata store allows ("
            + timeout.toSeconds()
            + " s) and was stopped; narrow it (fewer experiments, a more selective filter) or"
            + " raise the server's --statement-timeout");
  }

  private static String valueRefused(String state) {
    return switch (state) {
      case "22001" -> "A value is longer than the store keeps";
      case "22003" -> "A number is out of the range the store keeps";
      case "22021", "22P05" -> "A value holds a character the store cannot keep (such as NUL)";
      default -> "A value does not fit the store (SQLSTATE " + state + ")";
    };
  }

  private static @org.jspecify.annotations.Nullable SQLException sqlCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        return s;
      }
    }
    return null;
  }
}
