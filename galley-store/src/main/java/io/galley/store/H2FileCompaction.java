package io.galley.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;

/**
 * Shrinks the embedded database's file when most of it is dead chunks.
 *
 * <p>Why it is needed: with {@code WRITE_DELAY=0} (see {@link StoreConfig#H2_SETTINGS}) every
 * commit writes a chunk of its own, about 30 KB for a one-row commit, and H2 runs no background
 * housekeeping. A chunk's space is reused only once it holds no live data and its retention time
 * (45 s) has passed, so the file grows to about commit rate x 45 s x 30 KB and stays there: 2.8 GB
 * at 1,300 commits a second in a JDBC loop, 12 GB after the bench seeded 100,000 runs, with under
 * 1% of its chunks live. H2 moves chunks only on close, for 200 ms by default. Compacting always,
 * for up to 30 s, took a 3.9 GB file to 8 MB in 3 s but spent the whole 30 s on a dense 640 MB one
 * at every start and stop; so this looks first and compacts only a sparse file.
 *
 * <p>It runs with no writer about, when the store opens and when it closes: compaction sets the
 * store's retention time to 0, which is safe only while nothing else writes (at 0 and with writers,
 * {@code H2DurabilityTest} lost an acknowledged write under {@code kill -9}).
 */
final class H2FileCompaction {
  /** Smaller files are left alone: their dead chunks cost little. */
  static final long MIN_FILE_BYTES = 64L * 1024 * 1024;

  /** Compacted when less of the chunks' space than this (in percent) is live data. */
  static final int SPARSE_BELOW_PERCENT = 50;

  /** The most time one compaction takes; what is left over waits for the next. */
  static final int MAX_MILLIS = 30_000;

  private H2FileCompaction() {}

  /** Compacts the file {@code connection}'s database is in when it is sparse; whether it did. */
  static boolean compactIfSparse(Connection connection) throws SQLException {
    MVStore store =
        ((SessionLocal) connection.unwrap(JdbcConnection.class).getSession())
            .getDatabase()
            .getStore()
            .getMvStore();
    FileStore<?> file = store.getFileStore();
    if (file == null
        || file.size() < MIN_FILE_BYTES
        || file.getChunksFillRate() >= SPARSE_BELOW_PERCENT) {
      return false;
    }
    store.compactFile(MAX_MILLIS);
    return true;
  }
}
