package io.galley.store.image.internal;

import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import io.galley.oci.name.RepositoryName;
import io.galley.store.jdbc.internal.Db;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.statement.Query;

/**
 * The rows of {@code oci_repositories} as the image registry's other tables reach them: by name,
 * locked for a write (created when the write creates the repository), or all locked for a
 * collection.
 */
final class ImageRepositories {
  /** A repository with anything in it; {@code r} is its oci_repositories row. */
  static final String NOT_EMPTY =
      "(EXISTS (SELECT 1 FROM oci_blob_links l WHERE l.repository_id = r.repository_id)"
          + " OR EXISTS (SELECT 1 FROM oci_manifests m WHERE m.repository_id = r.repository_id)"
          + " OR EXISTS (SELECT 1 FROM oci_uploads u WHERE u.repository_id = r.repository_id))";

  private static final int ATTEMPTS = 5;

  /** Selects a repository's id by its name (one {@code ?}). */
  static final String ID_BY_NAME = "SELECT repository_id FROM oci_repositories WHERE name = ?";

  private ImageRepositories() {}

  /**
   * {@code table} (a table and its alias, e.g. {@code "oci_tags t"}) joined to its repository's row
   * and narrowed to the repository whose name is the first {@code ?}: what every read by repository
   * name selects from. More conditions follow with {@code AND}.
   */
  static String rowsNamed(String table) {
    String alias = table.substring(table.indexOf(' ') + 1);
    return table
        + " JOIN oci_repositories r ON r.repository_id = "
        + alias
        + ".repository_id WHERE r.name = ?";
  }

  /**
   * {@code SELECT columns FROM} {@link #rowsNamed} {@code condition}, with the repository's name
   * bound to the first {@code ?}; the condition's own values bind from position 1.
   */
  static Query selectNamed(
      Handle h, String columns, String table, RepositoryName repository, String condition) {
    return h.createQuery("SELECT " + columns + " FROM " + rowsNamed(table) + condition)
        .bind(0, repository.value());
  }

  /**
   * A write transaction. Two writers creating one repository both insert its row; the loser fails
   * on the unique name and, run again, finds and locks the winner's row.
   */
  static <T> T write(Db db, HandleCallback<T, RuntimeException> callback) {
    for (int attempt = 1; ; attempt++) {
      try {
        return db.inTransaction(callback);
      } catch (Db.UniqueViolation e) {
        if (attempt >= ATTEMPTS) {
          throw new GalleyException(
              ErrorCode.TEMPORARILY_UNAVAILABLE,
              "Concurrent writes to the registry kept conflicting; retry",
              e);
        }
      }
    }
  }

  static Optional<Long> repositoryId(Handle h, RepositoryName repository) {
    return selectRepository(h, repository, "");
  }

  /** Locks the repository's row for the transaction; empty when there is no such repository. */
  static Optional<Long> lockRepository(Handle h, RepositoryName repository) {
    return selectRepository(h, repository, " FOR UPDATE");
  }

  private static Optional<Long> selectRepository(
      Handle h, RepositoryName repository, String lockClause) {
    return h.createQuery(ID_BY_NAME + lockClause)
        .bind(0, repository.value())
        .mapTo(Long.class)
        .findOne();
  }

  /**
   * The one value {@link #selectNamed} finds, with {@code value} bound to the condition's {@code
   * ?}.
   */
  static <T> Optional<T> findNamed(
      Db db,
      String column,
      String table,
      RepositoryName repository,
      String condition,
      Object value,
      Class<T> type) {
    return db.inTransaction(
        h ->
            selectNamed(h, column, table, repository, condition)
                .bind(1, value)
                .mapTo(type)
                .findOne());
  }

  /**
   * Deletes the repository's row of {@code table} whose {@code column} is {@code value}, under the
   * repository's lock; false when there is no such repository or row.
   */
  static boolean deleteLocked(
      Db db, RepositoryName repository, String table, String column, Object value) {
    return write(
        db,
        h ->
            lockRepository(h, repository)
                .map(
                    id ->
                        h.execute(
                                "DELETE FROM "
                                    + table
                                    + " WHERE repository_id = ? AND "
                                    + column
                                    + " = ?",
                                id,
                                value)
                            > 0)
                .orElse(false));
  }

  /** Locks the repository's row, inserting it (locked until commit) when there is none. */
  static long lockOrCreateRepository(Handle h, RepositoryName repository, Instant at) {
    Optional<Long> id = lockRepository(h, repository);
    if (id.isPresent()) {
      return id.get();
    }
    return h.createUpdate("INSERT INTO oci_repositories (name, created_at) VALUES (?, ?)")
        .bind(0, repository.value())
        .bind(1, at.toEpochMilli())
        .executeAndReturnGeneratedKeys("repository_id")
        .mapTo(Long.class)
        .one();
  }

  /** Garbage collection's lock: every repository's row, in one order so collectors queue. */
  static void lockAllRepositories(Handle h) {
    h.createQuery("SELECT repository_id FROM oci_repositories ORDER BY repository_id FOR UPDATE")
        .mapTo(Long.class)
        .list();
  }

  static void checkLimit(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit " + limit + " is negative");
    }
  }
}
