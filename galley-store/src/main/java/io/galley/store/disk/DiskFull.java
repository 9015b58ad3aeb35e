package io.galley.store.disk;

import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import java.io.IOException;

/** A write that failed because a disk is full, told apart from other I/O failures. */
public final class DiskFull {
  private DiskFull() {}

  /**
   * Whether {@code failure} or one of its causes is the operating system's "no space left": the JDK
   * reports ENOSPC only through the message of an {@link IOException} (Linux and macOS word it "No
   * space left on device", Windows "There is not enough space on the disk").
   */
  public static boolean causedBy(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof IOException && t.getMessage() != null) {
        String message = t.getMessage();
        if (message.contains("No space left on device")
            || message.contains("not enough space on the disk")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The error a caller sees: which store's disk is full and that nothing was stored. It names the
   * store, not the path, which stays in the server's log.
   */
  public static GalleyException error(String store, Throwable cause) {
    return new GalleyException(ErrorCode.RESOURCE_EXHAUSTED, message(store), cause);
  }

  static String message(String store) {
    return "The "
        + store
        + "'s disk is full; nothing was stored. Reads keep working; writes work again once space"
        + " is freed on that disk.";
  }
}
