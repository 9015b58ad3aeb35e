package io.galley.core.blob;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The blobs that writes in this process have stored but not yet referenced, so that a collection at
 * any grace period, zero included, leaves them alone.
 *
 * <p>A write takes a lease on a digest before its blob becomes visible (or before an existing one
 * is refreshed) and closes it once its reference (an index row) is committed. The collector deletes
 * only through {@link Collection#deleteUnlessLeased}, which checks and deletes under the same lock
 * that taking a lease needs: a blob is either deleted before the write stores it again, or kept.
 *
 * <p>What the check alone would miss: a write whose lease is closed after the collector read the
 * references but before it reaches the blob. Its reference is committed, yet the collector's
 * reference set predates it. So a collection {@linkplain #beginCollection() begins} before it reads
 * the references, and every lease closed while it runs counts as held until it ends. A lease closed
 * before that had its reference committed before the references were read.
 *
 * <p>Leases live in memory: they protect writes in the process that collects, which is the server
 * (the CLI collects through its API). A crash loses them with the writes they protected.
 */
public final class BlobLeases {
  private static final int STRIPES = 64;

  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
  // Changed only under the digest's stripe lock; read without it.
  private final Map<Digest, Integer> held = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<Collection> collections = new CopyOnWriteArrayList<>();

  public BlobLeases() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /** Holds {@code digest} against collection until the lease is closed (once is enough). */
  public Lease acquire(Digest digest) {
    requireNonNull(digest, "digest");
    ReentrantLock lock = stripe(digest);
    lock.lock();
    try {
      held.merge(digest, 1, Integer::sum);
    } finally {
      lock.unlock();
    }
    return new Lease(digest);
  }

  /**
   * Takes a lease on the blob, then runs {@code makeVisible} (which publishes or refreshes it); the
   * lease is released again when that fails. For blob stores: the order is what makes it safe.
   */
  public LeasedBlob store(BlobInfo info, Runnable makeVisible) {
    Lease lease = acquire(info.digest());
    try {
      makeVisible.run();
    } catch (RuntimeException | Error e) {
      lease.close();
      throw e;
    }
    return new LeasedBlob(info, lease);
  }

  /** Whether a write holds {@code digest} now (for tests and reports). */
  public boolean isLeased(Digest digest) {
    return held.containsKey(digest);
  }

  /**
   * Starts a collection: from now until it is closed, leases closed still protect their blobs from
   * it. Call it before reading the references.
   */
  public Collection beginCollection() {
    Collection collection = new Collection();
    collections.add(collection);
    return collection;
  }

  private void release(Digest digest) {
    ReentrantLock lock = stripe(digest);
    lock.lock();
    try {
      held.computeIfPresent(digest, (d, n) -> n == 1 ? null : n - 1);
      for (Collection c : collections) {
        c.releasedMeanwhile.add(digest);
      }
    } finally {
      lock.unlock();
    }
  }

  private ReentrantLock stripe(Digest digest) {
    return stripes[Math.floorMod(digest.hashCode(), STRIPES)];
  }

  /** A write's hold on one digest; closing it twice is harmless. */
  public final class Lease implements AutoCloseable {
    private final Digest digest;
    private final AtomicBoolean open = new AtomicBoolean(true);

    private Lease(Digest digest) {
      this.digest = digest;
    }

    public Digest digest() {
      return digest;
    }

    @Override
    public void close() {
      if (open.compareAndSet(true, false)) {
        release(digest);
      }
    }
  }

  /** What {@link Collection#deleteUnlessLeased} did. */
  public enum Removal {
    DELETED,
    /** Nothing to delete: it was gone already. */
    ABSENT,
    /** Kept: a write holds it. */
    LEASED
  }

  /** One collection in progress; close it when the collection ends. */
  public final class Collection implements AutoCloseable {
    private final Set<Digest> releasedMeanwhile = ConcurrentHashMap.newKeySet();

    private Collection() {}

    /**
     * Runs {@code delete} on {@code digest} unless a write holds it or held it since this
     * collection began. No lease on the digest can be taken while {@code delete} runs.
     */
    public Removal deleteUnlessLeased(Digest digest, Predicate<Digest> delete) {
      requireNonNull(delete, "delete");
      ReentrantLock lock = stripe(digest);
      lock.lock();
      try {
        if (isLeased(digest)) {
          return Removal.LEASED;
        }
        return delete.test(digest) ? Removal.DELETED : Removal.ABSENT;
      } finally {
        lock.unlock();
      }
    }

    /** Whether a write holds {@code digest} or held it since this collection began. */
    public boolean isLeased(Digest digest) {
      return BlobLeases.this.isLeased(digest) || releasedMeanwhile.contains(digest);
    }

    @Override
    public void close() {
      collections.remove(this);
    }
  }
}
