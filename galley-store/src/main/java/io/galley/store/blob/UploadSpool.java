package io.galley.store.blob;

import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import io.galley.core.InvalidRequestException;
import io.galley.core.blob.BlobInfo;
import io.galley.core.blob.Digest;
import io.galley.store.disk.DiskFull;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Where a put's bytes wait while their digest is computed: a temp file per put in one directory,
 * shared by every blob store so that a blob is hashed one way and a crashed put's leftovers are
 * swept one way. Memory stays bounded by a few chunks per put, whatever the blob's size.
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

  private static final int CHUNK_SIZE = 1024 * 1024;
  private static final int CHUNKS = 4;
  private static final long FLUSH_EVERY = 64L * 1024 * 1024;

  /**
   * Hashes puts' chunks; threads die after a minute idle. Daemon threads, so a stuck put never
   * keeps the JVM from exiting.
   */
  private static final ExecutorService HASHERS =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "galley-blob-hasher");
            thread.setDaemon(true);
            return thread;
          });

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
    try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      byte[] first = new byte[CHUNK_SIZE];
      int n = fill(content, first, 0);
      BlobInfo info;
      if (n < CHUNK_SIZE) {
        // The whole blob fits one chunk: hashing it here is cheaper than handing it over.
        write(out, first, n);
        MessageDigest sha256 = newSha256();
        sha256.update(first, 0, n);
        info = new BlobInfo(Digest.ofSha256(sha256.digest()), n);
      } else {
        info = new Pipeline(content, out, durable).run(first);
      }
      if (durable) {
        out.force(true);
      }
      return info;
    } catch (IOException e) {
      throw storageError("Cannot write temp file " + temp, e);
    }
  }

  /**
   * Reads until {@code buffer} is full or the stream ends; returns how many bytes it holds. A full
   * chunk per hand-over keeps the hashing thread's per-chunk cost small next to the hash itself.
   */
  private static int fill(InputStream content, byte[] buffer, long before) {
    int filled = 0;
    while (filled < buffer.length) {
      int n;
      try {
        n = content.read(buffer, filled, buffer.length - filled);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Reading the blob's content failed after "
                + (before + filled)
                + " bytes; nothing was stored",
            e);
      }
      if (n < 0) {
        break;
      }
      filled += n;
    }
    return filled;
  }

  private static void write(FileChannel out, byte[] buffer, int length) throws IOException {
    ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, length);
    while (chunk.hasRemaining()) {
      out.write(chunk);
    }
  }

  /**
   * Reading and writing on the caller's thread, hashing on another, so that a put takes about as
   * long as the slower of the two instead of their sum: SHA-256 and a write to the page cache cost
   * about the same per byte. Chunks go round a fixed set of buffers, so memory stays at {@link
   * #CHUNKS} chunks whatever the blob's size. A chunk is handed to the hasher only after it was
   * written and is not touched again until the hasher gives it back.
   */
  private static final class Pipeline {
    private static final int END = -1;

    private record Chunk(byte[] bytes, int length) {}

    private final InputStream content;
    private final FileChannel out;
    private final boolean durable;
    private final BlockingQueue<Chunk> toHash = new ArrayBlockingQueue<>(CHUNKS + 1);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS);
    private @Nullable Future<?> flushing;
    private long unflushed;

    Pipeline(InputStream content, FileChannel out, boolean durable) {
      this.content = content;
      this.out = out;
      this.durable = durable;
    }

    /**
     * For a durable put, starts writing what was written so far to disk in the background every
     * {@link #FLUSH_EVERY} bytes, so that the disk works while the rest arrives and the final fsync
     * has little left to do. Without this, a 1 GiB upload received the whole GiB into the page
     * cache and only then waited for the disk. One flush at a time; its failure is left to the
     * final fsync, which reports it.
     */
    private void flushInBackground(int written) {
      unflushed += written;
      if (durable && unflushed >= FLUSH_EVERY && (flushing == null || flushing.isDone())) {
        unflushed = 0;
        flushing =
            HASHERS.submit(
                () -> {
                  out.force(false);
                  return null;
                });
      }
    }

    private void awaitFlush() throws InterruptedException {
      if (flushing != null) {
        try {
          flushing.get();
        } catch (ExecutionException e) {
          // The final fsync, which follows, fails the put if the disk really failed.
        }
      }
    }

    BlobInfo run(byte[] first) throws IOException {
      for (int i = 1; i < CHUNKS; i++) {
        free.add(new byte[CHUNK_SIZE]);
      }
      Future<byte[]> hashing = HASHERS.submit(this::hashChunks);
      boolean handedEnd = false;
      try {
        long size = 0;
        byte[] buffer = first;
        int n = CHUNK_SIZE;
        while (true) {
          write(out, buffer, n);
          flushInBackground(n);
          size += n;
          toHash.put(new Chunk(buffer, n));
          if (n < CHUNK_SIZE) {
            break;
          }
          buffer = nextFree(hashing);
          n = fill(content, buffer, size);
        }
        toHash.put(new Chunk(first, END));
        handedEnd = true;
        byte[] digest = hashing.get();
        awaitFlush();
        return new BlobInfo(Digest.ofSha256(digest), size);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UncheckedIOException(new InterruptedIOException("Interrupted while storing"));
      } catch (ExecutionException e) {
        throw new IllegalStateException("Hashing the blob failed", e.getCause());
      } finally {
        if (!handedEnd) {
          hashing.cancel(true);
        }
      }
    }

    private byte[] nextFree(Future<byte[]> hashing)
        throws InterruptedException, ExecutionException {
      while (true) {
        byte[] buffer = free.poll(100, TimeUnit.MILLISECONDS);
        if (buffer != null) {
          return buffer;
        }
        if (hashing.isDone()) {
          hashing.get(); // throws the hasher's failure
          throw new IllegalStateException("The hashing thread stopped early");
        }
      }
    }

    private byte[] hashChunks() throws InterruptedException {
      MessageDigest sha256 = newSha256();
      while (true) {
        Chunk chunk = toHash.take();
        if (chunk.length() == END) {
          return sha256.digest();
        }
        sha256.update(chunk.bytes(), 0, chunk.length());
        free.put(chunk.bytes());
      }
    }
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
    if (DiskFull.causedBy(cause)) {
      return DiskFull.error("blob store", cause);
    }
    return new GalleyException(
        ErrorCode.INTERNAL_ERROR, message + ": " + cause.getMessage(), cause);
  }
}
