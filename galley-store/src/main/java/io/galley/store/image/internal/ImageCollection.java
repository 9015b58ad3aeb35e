package io.galley.store.image.internal;

import static io.galley.store.image.internal.ImageRepositories.NOT_EMPTY;
import static io.galley.store.image.internal.ImageRepositories.lockAllRepositories;
import static java.util.Objects.requireNonNull;

import io.galley.core.blob.Digest;
import io.galley.store.jdbc.internal.Db;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The third layer of {@link JdbcImageRegistryStore}: garbage collection. Untagged manifests and
 * unreferenced blob links go, and the digests still referenced are named for the blob collector;
 * each collection locks every repository's row first.
 */
abstract class ImageCollection extends ImageManifests {
  ImageCollection(Db db) {
    super(db);
  }

  @Override
  public int deleteUntaggedManifests(Instant cutoff, Instant awaitingCutoff) {
    requireNonNull(cutoff, "cutoff");
    requireNonNull(awaitingCutoff, "awaitingCutoff");
    return db.inTransaction(
        h -> {
          lockAllRepositories(h);
          int deleted = 0;
          while (true) {
            record Key(long repositoryId, String digest) {}
            List<Key> doomed =
                h.createQuery(
                        "SELECT m.repository_id, m.digest FROM oci_manifests m"
                            + " WHERE (m.pushed_at < ? AND NOT m.awaiting_reference"
                            + " OR m.pushed_at < ?)"
                            + " AND NOT EXISTS (SELECT 1 FROM oci_tags t"
                            + " WHERE t.repository_id = m.repository_id"
                            + " AND t.manifest_digest = m.digest)"
                            + " AND NOT EXISTS (SELECT 1 FROM oci_manifest_refs f"
                            + " WHERE f.repository_id = m.repository_id"
                            + " AND f.referenced_digest = m.digest)"
                            + " AND (m.subject_digest IS NULL OR NOT EXISTS (SELECT 1"
                            + " FROM oci_manifests s WHERE s.repository_id = m.repository_id"
                            + " AND s.digest = m.subject_digest))")
                    .bind(0, cutoff.toEpochMilli())
                    .bind(1, awaitingCutoff.toEpochMilli())
                    .map((rs, ctx) -> new Key(rs.getLong(1), rs.getString(2)))
                    .list();
            if (doomed.isEmpty()) {
              return deleted;
            }
            // References first: they point at the manifests (and keep children alive).
            for (String table : List.of("oci_manifest_refs", "oci_manifests")) {
              String column = table.equals("oci_manifests") ? "digest" : "manifest_digest";
              PreparedBatch batch =
                  h.prepareBatch(
                      "DELETE FROM " + table + " WHERE repository_id = ? AND " + column + " = ?");
              for (Key k : doomed) {
                batch.bind(0, k.repositoryId()).bind(1, k.digest()).add();
              }
              batch.execute();
            }
            deleted += doomed.size();
          }
        });
  }

  @Override
  public int unlinkUnreferencedBlobs(Instant cutoff, Instant awaitingCutoff) {
    requireNonNull(cutoff, "cutoff");
    requireNonNull(awaitingCutoff, "awaitingCutoff");
    return db.inTransaction(
        h -> {
          lockAllRepositories(h);
          int unlinked =
              h.execute(
                  "DELETE FROM oci_blob_links l"
                      + " WHERE (l.linked_at < ? AND NOT l.awaiting_manifest OR l.linked_at < ?)"
                      + " AND NOT EXISTS (SELECT 1 FROM oci_manifest_refs f"
                      + " WHERE f.repository_id = l.repository_id"
                      + " AND f.referenced_digest = l.digest)"
                      + " AND NOT EXISTS (SELECT 1 FROM oci_manifests m"
                      + " WHERE m.repository_id = l.repository_id AND m.digest = l.digest)",
                  cutoff.toEpochMilli(),
                  awaitingCutoff.toEpochMilli());
          h.execute(
              "DELETE FROM oci_repositories r WHERE NOT "
                  + NOT_EMPTY
                  + " AND NOT EXISTS (SELECT 1 FROM oci_tags t"
                  + " WHERE t.repository_id = r.repository_id)");
          return unlinked;
        });
  }

  @Override
  public void forEachReferencedDigest(Consumer<Digest> action) {
    requireNonNull(action, "action");
    // A transaction, so that PostgreSQL's driver streams by the fetch size instead of loading all.
    db.useTransaction(
        h ->
            h.createQuery(
                    "SELECT digest FROM oci_blob_links"
                        + " UNION ALL SELECT digest FROM oci_manifests"
                        + " UNION ALL SELECT referenced_digest FROM oci_manifest_refs"
                        + " UNION ALL SELECT digest FROM oci_upload_chunks")
                .setFetchSize(1000)
                .mapTo(String.class)
                .forEach(hex -> action.accept(new Digest(hex))));
  }
}
