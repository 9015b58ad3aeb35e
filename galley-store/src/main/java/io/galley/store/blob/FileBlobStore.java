package io.galley.store.blob;

import static java.util.Objects.requireNonNull;

import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import io.galley.core.InvalidRequestException;
import io.galley.core.NotFoundException;
import io.galley.core.blob.BlobInfo;
import io.galley.core.blob.BlobStore;
import io.galley.core.blob.Digest;
import io.galley.core.blob.StoredBlob;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Blobs as files under {@code <root>/sha256/ab/abcdef…}, written through {@code <root>/tmp/}.
 *
 * <p>A put streams into a temp file while hashing, fsyncs it, renames it atomically to its digest's
 * name and fsyncs the directory, so a blob's name appears only once its bytes are durable. The
 * rename replaces nothing that matters: a file already under that name holds the same bytes.
 */
public final class FileBlobStore implements BlobStore {
  /**
   * Temp files older than this are left over by a crash and removed by {@link #open(Path)}. A
   * running put rewrites its temp file with every buffer, so its modification time stays fresh; a
   * temp file untouched for a day has no writer left. Age rather than "every temp file at start" is
   * what makes the sweep safe when several processes (or a restarted one with puts still draining)
   * share a root. Should a writer stall that long anyway, its put fails when it renames a file that
   * is gone: it stores nothing, it never stores a partial blob.
   */
  static final Duration STALE_TEMP_AGE = Duration.ofHours(24);

  private static final int BUFFER_SIZE = 128 * 1024;
  private static final Pattern FAN_OUT = Pattern.compile("[0-9a-f]{2}");
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  private final Path blobs;
  private final Path tmp;

  private FileBlobStore(Path blobs, Path tmp) {
    this.blobs = blobs;
    this.tmp = tmp;
  }

  /** Opens (creating if needed) a blob store rooted at {@code root}. */
  public static FileBlobStore open(Path root) {
    requireNonNull(root, "root");
    Path blobs = root.resolve(Digest.ALGORITHM);
    Path tmp = root.resolve("tmp");
    try {
      Files.createDirectories(blobs);
      Files.createDirectories(tmp);
    } catch (IOException e) {
      throw storageError("Cannot create the blob store under " + root, e);
    }
    FileBlobStore store = new FileBlobStore(blobs, tmp);
    store.removeStaleTempFiles(Instant.now().minus(STALE_TEMP_AGE));
    return store;
  }

  @Override
  public BlobInfo put(InputStream content) {
    return store(requireNonNull(content, "content"), null);
  }

  @Override
  public BlobInfo put(InputStream content, Digest expected) {
    return store(requireNonNull(content, "content"), requireNonNull(expected, "expected"));
  }

  @Override
  public Optional<BlobInfo> stat(Digest digest) {
    requireNonNull(digest, "digest");
    try {
      long size = Files.readAttributes(path(digest), BasicFileAttributes.class).size();
      return Optional.of(new BlobInfo(digest, size));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw storageError("Cannot stat blob " + digest, e);
    }
  }

  @Override
  public InputStream open(Digest digest, long offset, long length) {
    requireNonNull(digest, "digest");
    if (offset < 0) {
      throw new InvalidRequestException("Range offset must not be negative, got " + offset);
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(path(digest), StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new NotFoundException("Blob " + digest + " does not exist");
    } catch (IOException e) {
      throw storageError("Cannot open blob " + digest, e);
    }
    try {
      long size = channel.size();
      if (offset > size) {
        throw new InvalidRequestException(
            "Range starts at "
                + offset
                + ", past the end of blob "
                + digest
                + " ("
                + size
                + " bytes)");
      }
      long available = size - offset;
      long count = length < 0 ? available : Math.min(length, available);
      return new RangeInputStream(channel, offset, count);
    } catch (IOException e) {
      closeQuietly(channel, e);
      throw storageError("Cannot read blob " + digest, e);
    } catch (RuntimeException e) {
      closeQuietly(channel, e);
      throw e;
    }
  }

  @Override
  public boolean delete(Digest digest) {
    requireNonNull(digest, "digest");
    try {
      return Files.deleteIfExists(path(digest));
    } catch (IOException e) {
      throw storageError("Cannot delete blob " + digest, e);
    }
  }

  @Override
  public void forEach(Consumer<StoredBlob> action) {
    requireNonNull(action, "action");
    try (DirectoryStream<Path> fanOuts = Files.newDirectoryStream(blobs)) {
      for (Path fanOut : fanOuts) {
        String prefix = fanOut.getFileName().toString();
        if (FAN_OUT.matcher(prefix).matches() && Files.isDirectory(fanOut)) {
          forEachIn(fanOut, prefix, action);
        }
      }
    } catch (IOException e) {
      throw storageError("Cannot list blobs under " + blobs, e);
    }
  }

  private void forEachIn(Path fanOut, String prefix, Consumer<StoredBlob> action)
      throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(fanOut)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (!HEX.matcher(name).matches() || !name.startsWith(prefix)) {
          continue;
        }
        BasicFileAttributes attributes;
        try {
          attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException deletedMeanwhile) {
          continue;
        }
        if (attributes.isRegularFile()) {
          action.accept(
              new StoredBlob(
                  new Digest(name), attributes.size(), attributes.lastModifiedTime().toInstant()));
        }
      }
    }
  }

  private BlobInfo store(InputStream content, @Nullable Digest expected) {
    Path temp;
    try {
      temp = Files.createTempFile(tmp, "put-", ".tmp");
    } catch (IOException e) {
      throw storageError("Cannot create a temp file under " + tmp, e);
    }
    try {
      BlobInfo info = writeAndHash(content, temp);
      if (expected != null && !expected.equals(info.digest())) {
        throw new InvalidRequestException(
            "Content digest "
                + info.digest()
                + " does not match the expected "
                + expected
                + "; nothing was stored");
      }
      Path target = path(info.digest());
      if (!refresh(target)) {
        publish(temp, target);
      }
      return info;
    } finally {
      // After a successful publish the temp name is gone; otherwise this is the cleanup.
      deleteQuietly(temp);
    }
  }

  private BlobInfo writeAndHash(InputStream content, Path temp) {
    MessageDigest sha256 = newSha256();
    byte[] buffer = new byte[BUFFER_SIZE];
    long size = 0;
    try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      while (true) {
        int n;
        try {
          n = content.read(buffer);
        } catch (IOException e) {
          throw new UncheckedIOException(
              "Reading the blob's content failed after " + size + " bytes; nothing was stored", e);
        }
        if (n < 0) {
          break;
        }
        sha256.update(buffer, 0, n);
        ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
        while (chunk.hasRemaining()) {
          out.write(chunk);
        }
        size += n;
      }
      out.force(true);
    } catch (IOException e) {
      throw storageError("Cannot write temp file " + temp, e);
    }
    return new BlobInfo(Digest.ofSha256(sha256.digest()), size);
  }

  /**
   * Marks an existing blob as stored now, so garbage collection gives this put the full grace
   * period before the caller references it; false when there is no such blob.
   */
  private static boolean refresh(Path target) {
    try {
      Files.setLastModifiedTime(target, FileTime.from(Instant.now()));
      return true;
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      throw storageError("Cannot refresh blob " + target.getFileName(), e);
    }
  }

  private void publish(Path temp, Path target) {
    Path fanOut = target.getParent();
    try {
      // The rename keeps the temp file's time, that of its last write before the fsync; a
      // blob's age for garbage collection counts from when it became visible, here.
      Files.setLastModifiedTime(temp, FileTime.from(Instant.now()));
      if (!Files.isDirectory(fanOut)) {
        Files.createDirectories(fanOut);
        fsyncDirectory(blobs);
      }
      // Same content, same name: when a concurrent put wins the race, replacing its file is
      // harmless, and readers holding the old file keep reading identical bytes.
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      fsyncDirectory(fanOut);
    } catch (AtomicMoveNotSupportedException e) {
      throw storageError(
          "The blob store's tmp and sha256 directories must be on one filesystem", e);
    } catch (IOException e) {
      if (Files.exists(target)) {
        return; // a filesystem that refuses to replace: the other put stored the same bytes
      }
      throw storageError("Cannot store blob " + target.getFileName(), e);
    }
  }

  private void removeStaleTempFiles(Instant olderThan) {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(tmp)) {
      for (Path file : files) {
        try {
          if (Files.getLastModifiedTime(file).toInstant().isBefore(olderThan)) {
            Files.deleteIfExists(file);
          }
        } catch (NoSuchFileException gone) {
          // removed by someone else meanwhile
        }
      }
    } catch (IOException e) {
      throw storageError("Cannot clean stale temp files under " + tmp, e);
    }
  }

  private Path path(Digest digest) {
    String hex = digest.hex();
    return blobs.resolve(hex.substring(0, 2)).resolve(hex);
  }

  /** Makes a rename or a new entry durable; a no-op where directories cannot be opened. */
  private static void fsyncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Windows cannot open a directory as a channel; it has no directory fsync to do.
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JDK has SHA-256", e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a leftover temp file is removed by the next open's sweep once it is stale
    }
  }

  private static void closeQuietly(FileChannel channel, Throwable primary) {
    try {
      channel.close();
    } catch (IOException e) {
      primary.addSuppressed(e);
    }
  }

  private static GalleyException storageError(String message, IOException cause) {
    return new GalleyException(
        ErrorCode.INTERNAL_ERROR, message + ": " + cause.getMessage(), cause);
  }
}
