package io.galley.sdk.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs still open in this JVM, and the one shutdown hook that ends them (as KILLED) when the JVM
 * exits with them open: Ctrl-C, SIGTERM, {@code System.exit}, or a main thread that just returned.
 */
public final class OpenRuns {
  private static final Map<Object, Runnable> OPEN = new ConcurrentHashMap<>();
  private static volatile boolean hooked;

  private OpenRuns() {}

  /** Registers {@code run}; {@code onShutdown} ends it if it is still open at JVM exit. */
  public static void add(Object run, Runnable onShutdown) {
    hookOnce();
    OPEN.put(run, onShutdown);
  }

  public static void remove(Object run) {
    OPEN.remove(run);
  }

  private static synchronized void hookOnce() {
    if (!hooked) {
      Runtime.getRuntime().addShutdownHook(new Thread(OpenRuns::endAll, "galley-end-open-runs"));
      hooked = true;
    }
  }

  private static void endAll() {
    List<Runnable> runs = new ArrayList<>(OPEN.values());
    for (Runnable r : runs) {
      try {
        r.run();
      } catch (RuntimeException e) {
        System.getLogger("io.galley.sdk")
            .log(System.Logger.Level.WARNING, "could not end an open run at JVM exit", e);
      }
    }
  }
}
