package io.galley.core.blob;

import static java.util.Objects.requireNonNull;

import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import io.galley.core.InvalidRequestException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Deletes blobs that no {@link ReferenceSource} names, that were stored longer ago than a grace
 * period and that no write in flight holds.
 *
 * <p>Why it is safe at any grace period, zero included: a new file is stored as a blob first and
 * referenced (an index row) only afterwards, so for a moment every fresh blob is unreferenced. A
 * write holds a {@linkplain BlobLeases lease} on its blob from before the blob becomes visible
 * until its reference is committed; the collector begins recording released leases before it reads
 * the references and deletes only blobs neither leased nor released since, checking under the lock
 * a new lease needs. So a blob is deleted only when its reference, if any, was committed and read,
 * or the write that stores it again comes after the delete. The grace period remains a courtesy for
 * writers in other processes and for clients that store a blob in one request and name it in the
 * next (the image registry keeps those links itself).
 *
 * <p>One collection runs at a time per collector: a second call while one runs is refused with
 * {@link ErrorCode#RESOURCE_CONFLICT} rather than queued, since it would find nothing left to do.
 * The reference set is held in memory (one digest per referenced blob).
 */
public final class BlobCollector {
  /** The default grace period: far longer than any upload between blob and index row. */
  public static final Duration DEFAULT_GRACE = Duration.ofHours(1);

  private final BlobStore blobs;
  private final List<ReferenceSource> sources;
  private final Clock clock;
  private final ReentrantLock running = new ReentrantLock();

  public BlobCollector(BlobStore blobs, List<ReferenceSource> sources, Clock clock) {
    this.blobs = requireNonNull(blobs, "blobs");
    this.sources = List.copyOf(requireNonNull(sources, "sources"));
    this.clock = requireNonNull(clock, "clock");
  }

  /** Deletes (or, when {@code dryRun}, only counts) unreferenced blobs older than {@code grace}. */
  public GcReport collect(Duration grace, boolean dryRun) {
    requireNonNull(grace, "grace");
    if (grace.isNegative()) {
      throw new InvalidRequestException("The grace period must not be negative, got " + grace);
    }
    if (!running.tryLock()) {
      throw new GalleyException(
          ErrorCode.RESOURCE_CONFLICT,
          "A garbage collection is already running; try again when it has finished");
    }
    try (BlobLeases.Collection inFlight = blobs.leases().beginCollection()) {
      // Leases first, then the references: see the class comment for why the order matters.
      Instant cutoff = clock.instant().minus(grace);
      Set<Digest> referenced = new HashSet<>();
      for (ReferenceSource source : sources) {
        source.forEachReference(referenced::add);
      }
      Tally tally = new Tally();
      blobs.forEach(
          blob -> {
            tally.scanned++;
            if (referenced.contains(blob.digest())) {
              tally.referenced++;
            } else if (!blob.storedAt().isBefore(cutoff)) {
              tally.keptYoung++;
            } else {
              BlobLeases.Removal removal = remove(inFlight, blob.digest(), dryRun);
              if (removal == BlobLeases.Removal.LEASED) {
                tally.keptInUse++;
              } else if (removal == BlobLeases.Removal.DELETED) {
                tally.deleted++;
                tally.bytesFreed += blob.size();
              }
            }
          });
      AbandonedUploads abandoned = blobs.reclaimAbandonedUploads(dryRun);
      return new GcReport(
          dryRun,
          grace.toSeconds(),
          tally.scanned,
          tally.referenced,
          tally.keptYoung,
          tally.keptInUse,
          tally.deleted,
          tally.bytesFreed,
          abandoned);
    } finally {
      running.unlock();
    }
  }

  private BlobLeases.Removal remove(BlobLeases.Collection inFlight, Digest digest, boolean dryRun) {
    if (!dryRun) {
      return inFlight.deleteUnlessLeased(digest, blobs::delete);
    }
    return inFlight.isLeased(digest) ? BlobLeases.Removal.LEASED : BlobLeases.Removal.DELETED;
  }

  private static final class Tally {
    long scanned;
    long referenced;
    long keptYoung;
    long keptInUse;
    long deleted;
    long bytesFreed;
  }
}
