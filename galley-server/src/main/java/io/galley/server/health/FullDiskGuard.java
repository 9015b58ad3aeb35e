package io.galley.server.health;

import io.galley.store.disk.DiskSpace;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Set;

/**
 * Refuses requests that add data while a watched disk is short of its reserve, with 507 and the
 * API's own error body; reads, searches, deletions and garbage collection go through, since they
 * are how a user gets out of a full disk.
 */
public final class FullDiskGuard {
  private static final Set<HandlerType> ADDING =
      Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH);

  private final DiskSpace disks;

  public FullDiskGuard(DiskSpace disks) {
    this.disks = disks;
  }

  /** A before-handler. */
  public void check(Context ctx) {
    if (disks.disks().isEmpty() || !adds(ctx.method(), ctx.path())) {
      return;
    }
    disks.requireRoom();
  }

  /**
   * Whether a request may add data. MLflow reads with POST only to search ({@code runs/search},
   * {@code logged-models/search}...), and names every deletion {@code delete...}; Galley's
   * collection frees space.
   */
  static boolean adds(HandlerType method, String path) {
    if (!ADDING.contains(method)) {
      return false;
    }
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    String last = trimmed.substring(trimmed.lastIndexOf('/') + 1);
    return !(last.equals("search")
        || last.startsWith("delete")
        || trimmed.endsWith("/galley/gc")
        || trimmed.endsWith("/galley/registry/gc"));
  }
}
