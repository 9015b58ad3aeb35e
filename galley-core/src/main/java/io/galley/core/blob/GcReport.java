package io.galley.core.blob;

/**
 * What a garbage collection found and did. {@code deleted} and {@code bytesFreed} count what a dry
 * run would have deleted. {@code kept young} are unreferenced blobs inside the grace period, {@code
 * kept in use} older unreferenced blobs that a write in flight holds. A blob found gone when the
 * collector reached it counts only as scanned.
 */
public record GcReport(
    boolean dryRun,
    long graceSeconds,
    long scanned,
    long referenced,
    long keptYoung,
    long keptInUse,
    long deleted,
    long bytesFreed) {
  public GcReport {
    if (scanned < 0
        || referenced < 0
        || keptYoung < 0
        || keptInUse < 0
        || deleted < 0
        || bytesFreed < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }
}
