package io.galley.core.blob;

import static java.util.Objects.requireNonNull;

/**
 * What a garbage collection found and did. {@code deleted} and {@code bytesFreed} count what a dry
 * run would have deleted. {@code kept young} are unreferenced blobs inside the grace period, {@code
 * kept in use} older unreferenced blobs that a write in flight holds. A blob found gone when the
 * collector reached it counts only as scanned. {@code abandoned} are the leftovers of puts a crash
 * cut off (temp files), reclaimed or, in a dry run, counted.
 */
public record GcReport(
    boolean dryRun,
    long graceSeconds,
    long scanned,
    long referenced,
    long keptYoung,
    long keptInUse,
    long deleted,
    long bytesFreed,
    AbandonedUploads abandoned) {
  public GcReport {
    if (scanned < 0
        || referenced < 0
        || keptYoung < 0
        || keptInUse < 0
        || deleted < 0
        || bytesFreed < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
    requireNonNull(abandoned, "abandoned");
  }
}
