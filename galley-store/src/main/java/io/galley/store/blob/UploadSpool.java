package io.galley.store.blob;

import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import io.galley.core.InvalidRequestException;
import io.galley.core.blob.AbandonedUploads;
import io.galley.core.blob.BlobInfo;
import io.galley.core.blob.Digest;
import io.galley.store.disk.DiskFull;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <p>Which temp files a live put owns: each put holds an OS file lock on its temp file from its
 * creation until it is published or deleted, so a temp file nobody can lock was left by a process
 * that is gone (killed, crashed) and is reclaimed, at open and on every collection, whatever its
 * age. The lock covers one byte far past any file's end, so that it never stands in the way of
 * reading the file (Windows locks are mandatory). On Linux a process's locks on a file drop when
 * any of its channels to that file closes, so this process never opens a temp file its own puts
 * still own: it keeps their names in memory and skips them. The S3 store reads its temp file back
 * through channels of its own, which drops that put's lock early; another process sharing the
 * directory could then reclaim the file mid-upload, which fails that put (it never stores part of a
 * blob).
 */
final class UploadSpool {
  /** The byte a put locks: far past any file's end, so the lock never blocks a read. */
  static final long OWNER_BYTE = Long.MAX_VALUE - 1;

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

  /**
   * A spooled put: its temp file, still owned (locked), and the digest and size of what it holds.
   * Closing it deletes the file if it was not published, then gives up its ownership.
   */
  final class Spooled implements AutoCloseable {
    private final Path file;
    private final BlobInfo info;
    private final FileChannel owner;

    private Spooled(Path file, BlobInfo info, FileChannel owner) {
      this.file = file;
      this.info = info;
      this.owner = owner;
    }

    Path file() {
      return file;
    }

    BlobInfo info() {
      return info;
    }

    @Override
    public void close() {
      release(file, owner);
    }
  }

  private final Path dir;
  private final Set<String> owned = ConcurrentHashMap.newKeySet();

  private UploadSpool(Path dir) {
    this.dir = dir;
  }

  /** Creates the directory if needed and reclaims the temp files that crashed puts left in it. */
  static UploadSpool open(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw storageError("Cannot create the temp directory " + dir, e);
    }
    UploadSpool spool = new UploadSpool(dir);
    spool.reclaimAbandoned(false);
    return spool;
  }

  /**
   * Streams {@code content} into a new temp file while hashing it, and refuses it (deleting the
   * file) when it does not hash to {@code expected}. {@code durable} fsyncs the file, for a store
   * that publishes it by renaming. The caller deletes the file with {@link #deleteQuietly} once
   * done.
   */
  Spooled spool(InputStream content, @Nullable Digest expected, boolean durable) {
    // Owned before it exists, so that a reclaim listing the directory meanwhile skips it.
    String name = "put-" + UUID.randomUUID() + ".tmp";
    Path temp = dir.resolve(name);
    owned.add(name);
    FileChannel out;
    try {
      out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (IOException e) {
      owned.remove(name);
      throw storageError("Cannot create a temp file under " + dir, e);
    }
    try {
      out.lock(OWNER_BYTE, 1, false);
      BlobInfo info = writeAndHash(content, out, durable);
      if (expected != null && !expected.equals(info.digest())) {
        throw new InvalidRequestException(
            "Content digest "
                + info.digest()
                + " does not match the expected "
                + expected
                + "; nothing was stored");
      }
      return new Spooled(temp, info, out);
    } catch (IOException e) {
      release(temp, out);
      throw storageError("Cannot write temp file " + temp, e);
    } catch (RuntimeException | Error e) {
      release(temp, out);
      throw e;
    }
  }

  private void release(Path temp, FileChannel owner) {
    // Deleted while still owned: no reclaim in another process can take it meanwhile.
    deleteQuietly(temp);
    try {
      owner.close();
    } catch (IOException ignored) {
      // the descriptor is gone either way; the file already was
    }
    owned.remove(String.valueOf(temp.getFileName()));
  }

  /**
   * Deletes (or, when {@code dryRun}, only counts) the temp files no live put owns: those of puts
   * that a crash or kill cut off, in this process before a restart or in any other.
   */
  AbandonedUploads reclaimAbandoned(boolean dryRun) {
    long files = 0;
    long bytes = 0;
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, "put-*.tmp")) {
      for (Path file : temps) {
        if (owned.contains(String.valueOf(file.getFileName()))) {
          continue; // this process's own put: opening it would drop that put's lock
        }
        long size = reclaim(file, dryRun);
        if (size >= 0) {
          files++;
          bytes += size;
        }
      }
    } catch (IOException e) {
      throw storageError("Cannot reclaim abandoned temp files under " + dir, e);
    }
    return new AbandonedUploads(files, bytes);
  }

  /** The file's size once reclaimed, or -1 when a live put owns it or it is gone. */
  private static long reclaim(Path file, boolean dryRun) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock(OWNER_BYTE, 1, false);
      if (lock == null) {
        return -1; // another process's put is writing it
      }
      long size = channel.size();
      if (!dryRun) {
        Files.deleteIfExists(file);
      }
      return size;
    } catch (NoSuchFileException | OverlappingFileLockException gone) {
      return -1;
    } catch (IOException e) {
      throw storageError("Cannot reclaim the abandoned temp file " + file.getFileName(), e);
    }
  }

  private static BlobInfo writeAndHash(InputStream content, FileChannel out, boolean durable)
      throws IOException {
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
      // a leftover temp file is reclaimed by the next open or collection
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
