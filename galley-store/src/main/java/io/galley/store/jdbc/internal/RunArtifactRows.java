package io.galley.store.jdbc.internal;

import static io.galley.store.jdbc.internal.RowLocks.lookupRunStage;

import io.galley.core.artifact.Artifact;
import io.galley.core.artifact.ArtifactPath;
import io.galley.core.blob.Digest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The rows of {@code run_artifacts} as the artifact index and the model registry both read them:
 * the path key, the LIKE pattern for a subtree, code-point order, and a run's files at or below a
 * path (which a model version registered from the run copies).
 */
public final class RunArtifactRows {
  public static final Comparator<String> PATH_ORDER = RunArtifactRows::compareCodePoints;

  public static final String COLUMNS = "artifact_path, digest, size_bytes";
  public static final char ESCAPE = '!';

  private RunArtifactRows() {}

  /**
   * The file at {@code path} or the files below it, unsorted; NotFound for an unknown run. Also
   * what a model version registered from the run copies.
   */
  public static List<Artifact> atOrBelow(Handle h, String runId, ArtifactPath path) {
    lookupRunStage(h, runId);
    Sql sql =
        new Sql().append("SELECT " + COLUMNS + " FROM run_artifacts WHERE run_uuid = ?", runId);
    if (!path.isRoot()) {
      sql.append(
          " AND (path_sha256 = ? OR artifact_path LIKE ? ESCAPE '" + ESCAPE + "')",
          pathKey(path.value()),
          below(path.value()));
    }
    return sql.bind(h.createQuery(sql.text())).map((rs, ctx) -> artifact(rs)).list();
  }

  public static Artifact artifact(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Artifact(
        new ArtifactPath(rs.getString(1)), new Digest(rs.getString(2)), rs.getLong(3));
  }

  /** A LIKE pattern for every path strictly below {@code path}. */
  public static String below(String path) {
    StringBuilder pattern = new StringBuilder(path.length() + 8);
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%' || c == '_' || c == ESCAPE) {
        pattern.append(ESCAPE);
      }
      pattern.append(c);
    }
    return pattern.append("/%").toString();
  }

  /** The key column's value: sha256 of the path's UTF-8, in hex. */
  public static String pathKey(String path) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(path.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
