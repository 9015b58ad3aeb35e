package io.galley.store.blob;

import static io.galley.store.blob.UploadSpool.storageError;
import static java.util.Objects.requireNonNull;

import io.galley.core.InvalidRequestException;
import io.galley.core.NotFoundException;
import io.galley.core.blob.AbandonedUploads;
import io.galley.core.blob.BlobInfo;
import io.galley.core.blob.BlobLeases;
import io.galley.core.blob.BlobStore;
import io.galley.core.blob.Digest;
import io.galley.core.blob.LeasedBlob;
import io.galley.core.blob.StoredBlob;
import java.io.IOException;
import java.io.InputStream;
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

  private static final Pattern FAN_OUT = Pattern.compile("[0-9a-f]{2}");
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  private final Path blobs;
  private final UploadSpool spool;
  private final BlobLeases leases = new BlobLeases();

  private FileBlobStore(Path blobs, UploadSpool spool) {
    this.blobs = blobs;
    this.spool = spool;
  }

  /** Opens (creating if needed) a blob store rooted at {@code root}. */
  public static FileBlobStore open(Path root) {
    requireNonNull(root, "root");
    Path blobs = root.resolve(Digest.ALGORITHM);
    try {
      Files.createDirectories(blobs);
    } catch (IOException e) {
      throw storageError("Cannot create the blob store under " + root, e);
    }
    // Temp files live beside the blobs: publishing one is a rename on one filesystem.
    return new FileBlobStore(blobs, UploadSpool.open(root.resolve("tmp")));
  }

  @Override
  public LeasedBlob putLeased(InputStream content, @Nullable Digest expected) {
    try (UploadSpool.Spooled spooled =
        spool.spool(requireNonNull(content, "content"), expected, true)) {
      Path target = path(spooled.info().digest());
      return leases.store(
          spooled.info(),
          () -> {
            if (!refresh(target)) {
              publish(spooled.file(), target);
            }
          });
    }
  }

  @Override
  public BlobLeases leases() {
    return leases;
  }

  @Override
  public AbandonedUploads reclaimAbandonedUploads(boolean dryRun) {
    return spool.reclaimAbandoned(dryRun);
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
    Path fanOut = requireNonNull(target.getParent(), "a blob's fan-out directory");
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

  private static void closeQuietly(FileChannel channel, Throwable primary) {
    try {
      channel.close();
    } catch (IOException e) {
      primary.addSuppressed(e);
    }
  }
}
