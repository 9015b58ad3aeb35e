package io.galley.store.modelregistry.internal;

import io.galley.core.artifact.Artifact;
import io.galley.core.artifact.ArtifactPath;
import io.galley.core.blob.Digest;
import io.galley.core.registry.ModelSource;
import io.galley.store.jdbc.internal.RunArtifactRows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The files a model version keeps ({@code model_version_files}, see V3__registry.sql): copied from
 * the run's artifact tree when the version is created, so that the version's blobs stay referenced
 * after the run's artifacts are deleted.
 */
final class VersionFiles {
  private VersionFiles() {}

  /**
   * The run's files the source names, paths relative to the source's path: the files below a
   * directory, or a single file under its own name. NotFound for an unknown run (MLflow's error for
   * a run it cannot find); empty when nothing is at the path.
   */
  static List<Artifact> fromRun(Handle h, ModelSource source) {
    ArtifactPath base = source.path();
    List<Artifact> files = new ArrayList<>();
    for (Artifact a : RunArtifactRows.atOrBelow(h, source.runId(), base)) {
      String path = a.path().value();
      String relative;
      if (base.isRoot()) {
        relative = path;
      } else if (path.equals(base.value())) {
        relative = base.name();
      } else {
        relative = path.substring(base.value().length() + 1);
      }
      files.add(new Artifact(new ArtifactPath(relative), a.digest(), a.size()));
    }
    return files;
  }

  static void insert(Handle h, long modelId, long version, List<Artifact> files) {
    if (files.isEmpty()) {
      return;
    }
    var batch =
        h.prepareBatch(
            "INSERT INTO model_version_files (model_id, version, path_sha256, file_path, digest,"
                + " size_bytes) VALUES (?, ?, ?, ?, ?, ?)");
    for (Artifact f : files) {
      batch
          .bind(0, modelId)
          .bind(1, version)
          .bind(2, RunArtifactRows.pathKey(f.path().value()))
          .bind(3, f.path().value())
          .bind(4, f.digest().hex())
          .bind(5, f.size())
          .add();
    }
    batch.execute();
  }

  /** One file of the version, by its primary key. */
  static Optional<Artifact> find(Handle h, long modelId, long version, ArtifactPath path) {
    return h.createQuery(
            "SELECT file_path, digest, size_bytes FROM model_version_files"
                + " WHERE model_id = ? AND version = ? AND path_sha256 = ?")
        .bind(0, modelId)
        .bind(1, version)
        .bind(2, RunArtifactRows.pathKey(path.value()))
        .map(VersionFiles::artifact)
        .findOne();
  }

  /** The version's files sorted by path (code-point order, as the artifact index sorts). */
  static List<Artifact> list(Handle h, long modelId, long version) {
    List<Artifact> files =
        new ArrayList<>(
            h.createQuery(
                    "SELECT file_path, digest, size_bytes FROM model_version_files"
                        + " WHERE model_id = ? AND version = ?")
                .bind(0, modelId)
                .bind(1, version)
                .map(VersionFiles::artifact)
                .list());
    files.sort(Comparator.comparing(a -> a.path().value(), RunArtifactRows.PATH_ORDER));
    return files;
  }

  private static Artifact artifact(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Artifact(
        new ArtifactPath(rs.getString(1)), new Digest(rs.getString(2)), rs.getLong(3));
  }
}
