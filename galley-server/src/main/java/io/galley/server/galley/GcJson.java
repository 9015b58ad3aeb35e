package io.galley.server.galley;

import io.galley.core.blob.GcReport;

/** The gc response; its shape is documented on {@link GcRoutes}. */
record GcJson(
    boolean dryRun,
    long graceSeconds,
    long scanned,
    long referenced,
    long keptYoung,
    long deleted,
    long bytesFreed) {

  static GcJson of(GcReport r) {
    return new GcJson(
        r.dryRun(),
        r.graceSeconds(),
        r.scanned(),
        r.referenced(),
        r.keptYoung(),
        r.deleted(),
        r.bytesFreed());
  }
}
