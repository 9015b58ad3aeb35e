package io.galley.store.artifact.internal;

import static io.galley.store.jdbc.internal.RowLocks.checkRunActive;
import static io.galley.store.jdbc.internal.RowLocks.lockRun;
import static io.galley.store.jdbc.internal.RowLocks.lookupRunStage;
import static io.galley.store.jdbc.internal.RunArtifactRows.COLUMNS;
import static io.galley.store.jdbc.internal.RunArtifactRows.ESCAPE;
import static io.galley.store.jdbc.internal.RunArtifactRows.PATH_ORDER;
import static io.galley.store.jdbc.internal.RunArtifactRows.artifact;
import static io.galley.store.jdbc.internal.RunArtifactRows.atOrBelow;
import static io.galley.store.jdbc.internal.RunArtifactRows.below;
import static io.galley.store.jdbc.internal.RunArtifactRows.pathKey;
import static java.util.Objects.requireNonNull;

import io.galley.core.InvalidRequestException;
import io.galley.core.artifact.Artifact;
import io.galley.core.artifact.ArtifactIndex;
import io.galley.core.artifact.ArtifactPath;
import io.galley.core.artifact.FileInfo;
import io.galley.core.blob.Digest;
import io.galley.store.jdbc.internal.Db;
import io.galley.store.jdbc.internal.Sql;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * {@link ArtifactIndex} over the {@code run_artifacts} table (see V2__artifacts.sql). Rows are
 * files; a directory is the set of files below it. Reads of a directory take the run's rows whose
 * path matches {@code prefix/%} in one query and group them in Java, so a listing costs one query
 * however deep the tree. Writes lock the run's row first, so the file-or-directory checks and the
 * upsert see no concurrent writer.
 */
public final class JdbcArtifactIndex implements ArtifactIndex {
  /** Code-point order: UTF-8 byte order, as PostgreSQL's C collation and MLflow sort. */
  private final Db db;

  public JdbcArtifactIndex(Jdbi jdbi) {
    this.db = new Db(requireNonNull(jdbi, "jdbi"));
  }

  @Override
  public void put(String runId, Artifact artifact) {
    requireNonNull(runId, "runId");
    requireNonNull(artifact, "artifact");
    String path = artifact.path().value();
    db.useTransaction(
        h -> {
          checkRunActive(runId, lockRun(h, runId));
          refuseConflicts(h, runId, path);
          int updated =
              h.createUpdate(
                      "UPDATE run_artifacts SET digest = ?, size_bytes = ?"
                          + " WHERE run_uuid = ? AND path_sha256 = ?")
                  .bind(0, artifact.digest().hex())
                  .bind(1, artifact.size())
                  .bind(2, runId)
                  .bind(3, pathKey(path))
                  .execute();
          if (updated == 0) {
            h.createUpdate(
                    "INSERT INTO run_artifacts (run_uuid, path_sha256, artifact_path, digest,"
                        + " size_bytes) VALUES (?, ?, ?, ?, ?)")
                .bind(0, runId)
                .bind(1, pathKey(path))
                .bind(2, path)
                .bind(3, artifact.digest().hex())
                .bind(4, artifact.size())
                .execute();
          }
        });
  }

  /** A file may not be where a directory is, nor below another file. */
  private static void refuseConflicts(Handle h, String runId, String path) {
    boolean isDirectory =
        h.createQuery(
                "SELECT 1 FROM run_artifacts WHERE run_uuid = ? AND artifact_path LIKE ? ESCAPE '"
                    + ESCAPE
                    + "' FETCH FIRST 1 ROWS ONLY")
            .bind(0, runId)
            .bind(1, below(path))
            .mapTo(Integer.class)
            .findOne()
            .isPresent();
    if (isDirectory) {
      throw new InvalidRequestException(
          "Cannot write artifact '" + path + "': it is a directory of run " + runId + ".");
    }
    List<String> ancestors = new ArrayList<>();
    for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
      ancestors.add(pathKey(path.substring(0, slash)));
    }
    if (ancestors.isEmpty()) {
      return;
    }
    Sql sql =
        new Sql()
            .append("SELECT artifact_path FROM run_artifacts WHERE run_uuid = ?", runId)
            .append(" AND path_sha256 IN (")
            .list(ancestors)
            .append(")");
    Optional<String> file =
        sql.bind(h.createQuery(sql.text())).mapTo(String.class).stream().findFirst();
    if (file.isPresent()) {
      throw new InvalidRequestException(
          "Cannot write artifact '"
              + path
              + "': '"
              + file.get()
              + "' is a file of run "
              + runId
              + ", not a directory.");
    }
  }

  @Override
  public Optional<Artifact> find(String runId, ArtifactPath path) {
    requireNonNull(runId, "runId");
    requireNonNull(path, "path");
    return db.inTransaction(
        h -> {
          lookupRunStage(h, runId);
          if (path.isRoot()) {
            return Optional.empty();
          }
          return h.createQuery(
                  "SELECT "
                      + COLUMNS
                      + " FROM run_artifacts WHERE run_uuid = ? AND path_sha256 = ?")
              .bind(0, runId)
              .bind(1, pathKey(path.value()))
              .map((rs, ctx) -> artifact(rs))
              .findOne();
        });
  }

  @Override
  public List<FileInfo> list(String runId, ArtifactPath dir) {
    requireNonNull(runId, "runId");
    requireNonNull(dir, "dir");
    List<Artifact> files = db.inTransaction(h -> atOrBelow(h, runId, dir));
    String prefix = dir.isRoot() ? "" : dir.value() + "/";
    List<FileInfo> out = new ArrayList<>();
    Set<String> dirs = new LinkedHashSet<>();
    for (Artifact a : files) {
      String path = a.path().value();
      if (!path.startsWith(prefix)) { // the file at dir itself: a file has no children
        return List.of();
      }
      int slash = path.indexOf('/', prefix.length());
      if (slash < 0) {
        out.add(new FileInfo(path, false, a.size()));
      } else {
        dirs.add(path.substring(0, slash));
      }
    }
    for (String d : dirs) {
      out.add(new FileInfo(d, true, null));
    }
    out.sort(Comparator.comparing(FileInfo::path, PATH_ORDER));
    return out;
  }

  @Override
  public List<Artifact> walk(String runId, ArtifactPath path) {
    requireNonNull(runId, "runId");
    requireNonNull(path, "path");
    List<Artifact> files = new ArrayList<>(db.inTransaction(h -> atOrBelow(h, runId, path)));
    files.sort(Comparator.comparing(a -> a.path().value(), PATH_ORDER));
    return files;
  }

  @Override
  public int delete(String runId, ArtifactPath path) {
    requireNonNull(runId, "runId");
    requireNonNull(path, "path");
    return db.inTransaction(
        h -> {
          checkRunActive(runId, lockRun(h, runId));
          Sql sql = new Sql().append("DELETE FROM run_artifacts WHERE run_uuid = ?", runId);
          if (!path.isRoot()) {
            sql.append(
                " AND (path_sha256 = ? OR artifact_path LIKE ? ESCAPE '" + ESCAPE + "')",
                pathKey(path.value()),
                below(path.value()));
          }
          return sql.bind(h.createUpdate(sql.text())).execute();
        });
  }

  @Override
  public void forEachReferencedDigest(Consumer<Digest> action) {
    requireNonNull(action, "action");
    // A transaction, so that PostgreSQL's driver streams by the fetch size instead of loading all.
    db.useTransaction(
        h ->
            h.createQuery("SELECT DISTINCT digest FROM run_artifacts")
                .setFetchSize(1000)
                .mapTo(String.class)
                .forEach(hex -> action.accept(new Digest(hex))));
  }
}
