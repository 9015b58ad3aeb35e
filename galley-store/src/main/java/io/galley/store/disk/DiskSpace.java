package io.galley.store.disk;

import static java.util.Objects.requireNonNull;

import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The room left on the disks the stores write to, against a reserve kept free.
 *
 * <p>Why a reserve: H2 closes its database when a write fails for want of space, and then even
 * reads fail. Refusing new data while a disk has less than the reserve left keeps the embedded
 * database writing its own small updates and reading, so that the server stays useful and the user
 * can free space (delete, collect garbage) instead of restarting it. The answer is cached for a
 * second: a request asks, the file system is asked at most once a second.
 */
public final class DiskSpace {
  /** Galley's default reserve. */
  public static final long DEFAULT_RESERVE_BYTES = 256L * 1024 * 1024;

  private static final long RECHECK_NANOS = 1_000_000_000L;

  /** A directory a store writes under, named as the caller is told ("blob store"). */
  public record Disk(String store, Path dir) {
    public Disk {
      requireNonNull(store, "store");
      requireNonNull(dir, "dir");
    }
  }

  /** A disk with less room than the reserve. */
  public record Shortage(String store, long usableBytes, long reserveBytes) {
    /** What the caller is told: the store, its room, the reserve; not the path. */
    public String message() {
      return "The "
          + store
          + "'s disk has "
          + mebibytes(usableBytes)
          + " free, less than the "
          + mebibytes(reserveBytes)
          + " this server keeps free; nothing was stored. Reads keep working; free space on that"
          + " disk (or lower --min-free-disk) and writes work again.";
    }

    /** The refusal of a write while short. */
    public GalleyException error() {
      return new GalleyException(ErrorCode.RESOURCE_EXHAUSTED, message());
    }
  }

  private final List<Disk> disks;
  private final long reserveBytes;
  private volatile long checkedAtNanos;
  private volatile Optional<Shortage> last = Optional.empty();
  private volatile boolean checked;

  public DiskSpace(List<Disk> disks, long reserveBytes) {
    if (reserveBytes < 0) {
      throw new IllegalArgumentException("reserveBytes must not be negative, got " + reserveBytes);
    }
    this.disks = List.copyOf(disks);
    this.reserveBytes = reserveBytes;
  }

  /** Watches nothing: never short. */
  public static DiskSpace none() {
    return new DiskSpace(List.of(), 0);
  }

  public List<Disk> disks() {
    return disks;
  }

  public long reserveBytes() {
    return reserveBytes;
  }

  /** The first watched disk with less room than the reserve, as of at most a second ago. */
  public Optional<Shortage> shortage() {
    long now = System.nanoTime();
    if (!checked || now - checkedAtNanos >= RECHECK_NANOS) {
      last = measure();
      checkedAtNanos = now;
      checked = true;
    }
    return last;
  }

  /** Refuses a write while a watched disk is short. */
  public void requireRoom() {
    Optional<Shortage> shortage = shortage();
    if (shortage.isPresent()) {
      throw shortage.get().error();
    }
  }

  private Optional<Shortage> measure() {
    for (Disk disk : disks) {
      long usable = usableBytes(disk.dir());
      if (usable >= 0 && usable < reserveBytes) {
        return Optional.of(new Shortage(disk.store(), usable, reserveBytes));
      }
    }
    return Optional.empty();
  }

  /**
   * The room on the file system holding {@code dir} (or its nearest existing parent); -1 if
   * unknown.
   */
  static long usableBytes(Path dir) {
    Path existing = dir.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return -1;
    }
    try {
      FileStore store = Files.getFileStore(existing);
      return store.getUsableSpace();
    } catch (IOException e) {
      return -1;
    }
  }

  private static String mebibytes(long bytes) {
    return (bytes / (1024 * 1024)) + " MiB";
  }
}
