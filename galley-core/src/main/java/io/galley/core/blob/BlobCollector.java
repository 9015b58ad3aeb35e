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
 * Deletes blobs that no {@link ReferenceSource} names and that were stored longer ago than a grace
 * period.
 *
 * <p>Why the grace period makes this safe without locking out uploads: a new file is stored as a
 * blob first and referenced (an index row) only afterwards, so for a moment every fresh blob is
 * unreferenced. The cutoff ({@code now - grace}) is fixed <em>before</em> the references are read.
 * A blob whose reference lands after that read was stored at time {@code s} and referenced at time
 * {@code r > cutoff + grace}; it is deleted only if {@code s < cutoff}, that is only if its upload
 * took longer than the grace period from blob to index row. Re-checking the references before each
 * delete would narrow nothing that the grace period does not already cover, so it is not done. A
 * put of bytes already stored refreshes the blob's {@code storedAt}, so re-uploading an old,
 * unreferenced blob is protected the same way.
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
    try {
      // The cutoff first, then the references: see the class comment for why the order matters.
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
            } else if (dryRun || blobs.delete(blob.digest())) {
              tally.deleted++;
              tally.bytesFreed += blob.size();
            }
          });
      return new GcReport(
          dryRun,
          grace.toSeconds(),
          tally.scanned,
          tally.referenced,
          tally.keptYoung,
          tally.deleted,
          tally.bytesFreed);
    } finally {
      running.unlock();
    }
  }

  private static final class Tally {
    long scanned;
    long referenced;
    long keptYoung;
    long deleted;
    long bytesFreed;
  }
}
