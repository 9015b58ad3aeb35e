package io.galley.oci.layer;

import static java.util.Objects.requireNonNull;

import io.galley.core.blob.Digest;
import io.galley.oci.image.Descriptor;
import io.galley.oci.image.MediaTypes;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Writes a layer so that the same entries always give the same bytes, as Jib does: entries sorted
 * by path with their parent directories added, written by a {@link ReproducibleTar} dated {@link
 * #mtime()} (one second past the epoch unless {@code SOURCE_DATE_EPOCH} says otherwise), modes as
 * given (umask plays no part); gzip at a fixed level with no file name and no time in its header.
 * Writing digests the tar ({@code diff_id}) and the stored bytes on the way, so a layer is read
 * once.
 *
 * <p>The deflate stream is zlib's: the same level gives the same bytes with the same zlib, which
 * the JDK either bundles or takes from the system.
 */
public final class LayerWriter {
  /** Jib's choice: the epoch itself reads as "no date" to some tools. */
  public static final Instant DEFAULT_MTIME = Instant.ofEpochSecond(1);

  /** Whether a layer is stored as gzip (code, runtimes) or as a plain tar (model weights). */
  public enum Compression {
    GZIP(MediaTypes.OCI_LAYER_TAR_GZIP),
    NONE(MediaTypes.OCI_LAYER_TAR);

    private final String mediaType;

    Compression(String mediaType) {
      this.mediaType = mediaType;
    }

    public String mediaType() {
      return mediaType;
    }
  }

  /** zlib's own default, written out: a default could change under us. */
  private static final int GZIP_LEVEL = 6;

  private static final int GZIP_OS_UNKNOWN = 255;

  private final Instant mtime;

  public LayerWriter(Instant mtime) {
    this.mtime = requireNonNull(mtime, "mtime");
    if (mtime.isBefore(Instant.EPOCH)) {
      throw new IllegalArgumentException("a layer's time is not before the epoch");
    }
  }

  /** Dated by {@code SOURCE_DATE_EPOCH} when it is set (reproducible-builds.org), else 1 s. */
  public static LayerWriter fromEnvironment(Map<String, String> env) {
    return new LayerWriter(sourceDate(env));
  }

  /** {@code SOURCE_DATE_EPOCH} (seconds) when set, else {@link #DEFAULT_MTIME}. */
  public static Instant sourceDate(Map<String, String> env) {
    String value = env.get("SOURCE_DATE_EPOCH");
    if (value == null || value.isBlank()) {
      return DEFAULT_MTIME;
    }
    try {
      long seconds = Long.parseLong(value.strip());
      if (seconds < 0) {
        throw new NumberFormatException();
      }
      return Instant.ofEpochSecond(seconds);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, got '" + value + "'");
    }
  }

  public Instant mtime() {
    return mtime;
  }

  /**
   * Writes the entries as one layer to {@code out} (left open).
   *
   * @throws IllegalArgumentException when two entries share a path, or an entry's parent is not a
   *     directory
   * @throws IOException when a file's content cannot be read or is not the size it was given as
   */
  public WrittenLayer write(
      Collection<LayerEntry> entries, Compression compression, OutputStream out)
      throws IOException {
    List<LayerEntry> sorted = withParents(entries);
    DigestingStream stored = new DigestingStream(new NonClosing(out));
    OutputStream compressed =
        compression == Compression.GZIP ? new GzipCompressorOutputStream(stored, gzip()) : stored;
    DigestingStream tar = new DigestingStream(compressed);
    try (ReproducibleTar archive = new ReproducibleTar(tar, mtime)) {
      for (LayerEntry e : sorted) {
        archive.add(e);
      }
    }
    return new WrittenLayer(
        Descriptor.of(compression.mediaType(), stored.digest(), stored.count()), tar.digest());
  }

  /** The entries sorted by path, with every parent directory not given added as 0755. */
  private static List<LayerEntry> withParents(Collection<LayerEntry> entries) {
    TreeMap<String, LayerEntry> byPath = new TreeMap<>();
    for (LayerEntry e : entries) {
      if (byPath.put(e.path(), e) != null) {
        throw new IllegalArgumentException("two entries of the layer are at " + e.path());
      }
    }
    for (LayerEntry e : entries) {
      String p = e.path();
      for (int i = p.indexOf('/'); i > 0; i = p.indexOf('/', i + 1)) {
        String parent = p.substring(0, i);
        LayerEntry existing = byPath.get(parent);
        if (existing == null) {
          byPath.put(parent, LayerEntry.directory(parent));
        } else if (existing.kind() != LayerEntry.Kind.DIRECTORY) {
          throw new IllegalArgumentException(
              p + " is inside " + parent + ", which the layer holds as a " + existing.kind());
        }
      }
    }
    return new ArrayList<>(byPath.values());
  }

  private static GzipParameters gzip() {
    GzipParameters p = new GzipParameters();
    p.setCompressionLevel(GZIP_LEVEL);
    p.setModificationTime(0);
    p.setOperatingSystem(GZIP_OS_UNKNOWN);
    return p;
  }

  /** Counts and digests what goes through it. */
  private static final class DigestingStream extends FilterOutputStream {
    private final MessageDigest sha256;
    private long count;

    DigestingStream(OutputStream out) {
      super(out);
      try {
        this.sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JDK has SHA-256", e);
      }
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      sha256.update((byte) b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      sha256.update(b, off, len);
      count += len;
    }

    Digest digest() {
      return Digest.ofSha256(sha256.digest());
    }

    long count() {
      return count;
    }
  }

  /** The caller's stream stays open when the layer's streams close. */
  private static final class NonClosing extends FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
