package io.galley.store.blob;

import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import io.galley.core.InvalidRequestException;
import io.galley.core.blob.BlobInfo;
import io.galley.core.blob.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Where a put's bytes wait while their digest is computed: a temp file per put in one directory,
 * shared by every blob store so that a blob is hashed one way and a crashed put's leftovers are
 * swept one way. Memory stays bounded by one buffer, whatever the blob's size.
 */
final class UploadSpool {
  /**
   * Temp files older than this are left over by a crash and removed by {@link #open(Path)}. A
   * running put rewrites its temp file with every buffer, so its modification time stays fresh; a
   * temp file untouched for a day has no writer left. Age rather than "every temp file at start" is
   * what makes the sweep safe when several processes (or a restarted one with puts still draining)
   * share a directory. Should a writer stall that long anyway, its put fails when it uses a file
   * that is gone: it stores nothing, it never stores a partial blob.
   */
  static final Duration STALE_TEMP_AGE = Duration.ofHours(24);

  private static final int BUFFER_SIZE = 128 * 1024;

  /** A spooled put: its temp file and the digest and size of what it holds. */
  record Spooled(Path file, BlobInfo info) {}

  private final Path dir;

  private UploadSpool(Path dir) {
    this.dir = dir;
  }

  /** Creates the directory if needed and sweeps the stale temp files a crash left in it. */
  static UploadSpool open(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw storageError("Cannot create the temp directory " + dir, e);
    }
    UploadSpool spool = new UploadSpool(dir);
    spool.removeStaleTempFiles(Instant.now().minus(STALE_TEMP_AGE));
    return spool;
  }

  /**
   * Streams {@code content} into a new temp file while hashing it, and refuses it (deleting the
   * file) when it does not hash to {@code expected}. {@code durable} fsyncs the file, for a store
   * that publishes it by renaming. The caller deletes the file with {@link #deleteQuietly} once
   * done.
   */
  Spooled spool(InputStream content, @Nullable Digest expected, boolean durable) {
    Path temp;
    try {
      temp = Files.createTempFile(dir, "put-", ".tmp");
    } catch (IOException e) {
      throw storageError("Cannot create a temp file under " + dir, e);
    }
    try {
      BlobInfo info = writeAndHash(content, temp, durable);
      if (expected != null && !expected.equals(info.digest())) {
        throw new InvalidRequestException(
            "Content digest "
                + info.digest()
                + " does not match the expected "
                + expected
                + "; nothing was stored");
      }
      return new Spooled(temp, info);
    } catch (RuntimeException e) {
      deleteQuietly(temp);
      throw e;
    }
  }

  private static BlobInfo writeAndHash(InputStream content, Path temp, boolean durable) {
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
      if (durable) {
        out.force(true);
      }
    } catch (IOException e) {
      throw storageError("Cannot write temp file " + temp, e);
    }
    return new BlobInfo(Digest.ofSha256(sha256.digest()), size);
  }

  private void removeStaleTempFiles(Instant olderThan) {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "put-*.tmp")) {
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
      throw storageError("Cannot clean stale temp files under " + dir, e);
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JDK has SHA-256", e);
    }
  }

  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a leftover temp file is removed by a later open's sweep once it is stale
    }
  }

  static GalleyException storageError(String message, Exception cause) {
    return new GalleyException(
        ErrorCode.INTERNAL_ERROR, message + ": " + cause.getMessage(), cause);
  }
}
