package io.galley.client.extension;

import io.galley.core.blob.GcReport;

/**
 * The response of {@code POST /api/2.0/galley/gc}: what a blob collection scanned, kept and deleted
 * ({@code deleted} and {@code bytes_freed} are what a dry run would delete), and the temp files of
 * puts a crash cut off that it reclaimed.
 */
public record GcJson(
    boolean dryRun,
    long graceSeconds,
    long scanned,
    long referenced,
    long keptYoung,
    long keptInUse,
    long deleted,
    long bytesFreed,
    long tempFilesReclaimed,
    long tempBytesReclaimed) {

  public static GcJson of(GcReport r) {
    return new GcJson(
        r.dryRun(),
        r.graceSeconds(),
        r.scanned(),
        r.referenced(),
        r.keptYoung(),
        r.keptInUse(),
        r.deleted(),
        r.bytesFreed(),
        r.abandoned().files(),
        r.abandoned().bytes());
  }
}
