package io.galley.oci.layer;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * A tar whose headers say nothing about who wrote it or when: every entry dated alike, owned by 0:0
 * with empty names, modes as given, PAX headers only for what the old format cannot hold (long or
 * non-ASCII names, large sizes). Entries go in the order they are added; {@link LayerWriter} sorts
 * them first. Closing finishes the archive and closes the stream under it.
 */
public final class ReproducibleTar implements AutoCloseable {
  private final TarArchiveOutputStream archive;
  private final Instant mtime;

  public ReproducibleTar(OutputStream out, Instant mtime) {
    this.mtime = requireNonNull(mtime, "mtime");
    this.archive = new TarArchiveOutputStream(out, "UTF-8");
    archive.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    archive.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    archive.setAddPaxHeadersForNonAsciiNames(true);
  }

  /** Adds an entry; a file's content must hold exactly its size. */
  public void add(LayerEntry e) throws IOException {
    TarArchiveEntry t =
        switch (e.kind()) {
          case DIRECTORY -> new TarArchiveEntry(e.path() + "/", TarConstants.LF_DIR);
          case SYMLINK -> {
            TarArchiveEntry link = new TarArchiveEntry(e.path(), TarConstants.LF_SYMLINK);
            link.setLinkName(requireNonNull(e.link()));
            yield link;
          }
          case FILE -> {
            TarArchiveEntry file = new TarArchiveEntry(e.path(), TarConstants.LF_NORMAL);
            file.setSize(e.size());
            yield file;
          }
        };
    t.setMode(typeBits(e.kind()) | e.mode());
    t.setModTime(mtime.toEpochMilli());
    t.setUserId(0);
    t.setGroupId(0);
    t.setUserName("");
    t.setGroupName("");
    archive.putArchiveEntry(t);
    if (e.kind() == LayerEntry.Kind.FILE) {
      long copied;
      try (InputStream in = requireNonNull(e.content()).open()) {
        copied = copy(in, archive, e.size());
      }
      if (copied != e.size()) {
        throw new IOException(
            e.path() + " changed while the tar was written: " + e.size() + " bytes expected");
      }
    }
    archive.closeArchiveEntry();
  }

  @Override
  public void close() throws IOException {
    archive.finish();
    archive.close();
  }

  private static int typeBits(LayerEntry.Kind kind) {
    return switch (kind) {
      case DIRECTORY -> 040000;
      case SYMLINK -> 0120000;
      case FILE -> 0100000;
    };
  }

  /** Copies at most {@code limit} bytes and says how many the source held (up to limit + 1). */
  private static long copy(InputStream in, OutputStream out, long limit) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    while (true) {
      int want = (int) Math.min(buffer.length, limit - total);
      if (want == 0) {
        return in.read() < 0 ? total : total + 1;
      }
      int n = in.read(buffer, 0, want);
      if (n < 0) {
        return total;
      }
      out.write(buffer, 0, n);
      total += n;
    }
  }
}
