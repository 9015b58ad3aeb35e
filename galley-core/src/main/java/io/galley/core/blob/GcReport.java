package io.galley.core.blob;

/**
 * What a garbage collection found and did. {@code deleted} and {@code bytesFreed} count what a dry
 * run would have deleted. {@code kept young} are unreferenced blobs inside the grace period.
 */
public record GcReport(
    boolean dryRun,
    long graceSeconds,
    long scanned,
    long referenced,
    long keptYoung,
    long deleted,
    long bytesFreed) {
  public GcReport {
    if (scanned < 0 || referenced < 0 || keptYoung < 0 || deleted < 0 || bytesFreed < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }
}
