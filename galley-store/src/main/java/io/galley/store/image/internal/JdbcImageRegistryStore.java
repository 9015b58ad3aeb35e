package io.galley.store.image.internal;

import static io.galley.store.image.internal.ImageRepositories.NOT_EMPTY;
import static io.galley.store.image.internal.ImageRepositories.checkLimit;
import static java.util.Objects.requireNonNull;

import io.galley.oci.name.RepositoryName;
import io.galley.oci.registry.ImageRegistryStore;
import io.galley.store.jdbc.internal.Db;
import io.galley.store.jdbc.internal.Sql;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * {@link ImageRegistryStore} over the {@code oci_*} tables (see V4__oci_registry.sql). Times are
 * stored as epoch milliseconds, so instants come back truncated to the millisecond.
 *
 * <p>Every write to a repository's links, manifests or tags locks the repository's row first
 * ({@code SELECT ... FOR UPDATE}, creating the row when the write creates the repository), and the
 * garbage collection queries lock every repository's row. So a manifest's check that what it names
 * is in the repository, and its insert, never interleave with an unlink or a collection, and
 * inserts of one key never race: "insert if absent" is a plain {@code INSERT ... WHERE NOT EXISTS}
 * on both databases. The one race left is two transactions creating one repository: the loser fails
 * on the name's unique key and is run again, when it finds the winner's row.
 *
 * <p>An append to an upload does not lock the repository: it is a compare-and-set {@code UPDATE} of
 * the session's byte count, which the database serializes on the session's row.
 *
 * <p>The port is implemented in layers, one file each: {@link ImageBlobs} (blob links, uploads),
 * {@link ImageManifests} (manifests, tags, referrers), {@link ImageCollection} (garbage
 * collection), and this class (repositories). All reach repository rows through {@link
 * ImageRepositories}.
 */
public final class JdbcImageRegistryStore extends ImageCollection {
  public JdbcImageRegistryStore(Jdbi jdbi) {
    super(new Db(requireNonNull(jdbi, "jdbi")));
  }

  @Override
  public boolean repositoryExists(RepositoryName repository) {
    requireNonNull(repository, "repository");
    return db.inTransaction(
        h ->
            h.createQuery("SELECT 1 FROM oci_repositories r WHERE r.name = ? AND " + NOT_EMPTY)
                .bind(0, repository.value())
                .mapTo(Integer.class)
                .findOne()
                .isPresent());
  }

  @Override
  public List<RepositoryName> repositories(int limit, @Nullable String last) {
    checkLimit(limit);
    if (limit == 0) {
      return List.of();
    }
    Sql sql = new Sql().append("SELECT r.name FROM oci_repositories r WHERE " + NOT_EMPTY);
    if (last != null) {
      sql.append(" AND r.name > ?", last);
    }
    sql.append(" ORDER BY r.name FETCH FIRST ? ROWS ONLY", limit);
    return db.inTransaction(
        h ->
            sql.bind(h.createQuery(sql.text())).mapTo(String.class).map(RepositoryName::of).list());
  }
}
