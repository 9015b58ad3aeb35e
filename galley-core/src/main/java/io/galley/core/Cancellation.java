package io.galley.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether the caller of the work on this thread still wants its answer. The server binds one to the
 * thread that handles a request and cancels it when the client goes away; long work below (a
 * store's query) registers how to stop itself, so that a search whose client has left does not keep
 * a database connection busy until it ends.
 */
public final class Cancellation {
  private static final ThreadLocal<Cancellation> CURRENT = new ThreadLocal<>();

  private final List<Runnable> hooks = new ArrayList<>();
  private boolean cancelled;

  /** Ends a {@link #bind}: the thread's previous cancellation, if any, is bound again. */
  public interface Binding extends AutoCloseable {
    @Override
    void close();
  }

  /** Ends an {@link #onCancel}: the hook will not run. */
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  /** The cancellation bound to this thread, if the work on it has one. */
  public static Optional<Cancellation> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /** Binds {@code cancellation} to this thread until the binding is closed. */
  public static Binding bind(Cancellation cancellation) {
    Cancellation previous = CURRENT.get();
    CURRENT.set(cancellation);
    return () -> {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    };
  }

  /**
   * Runs {@code hook} when this is cancelled, on the cancelling thread; at once, on this one, if it
   * already is.
   */
  public Registration onCancel(Runnable hook) {
    synchronized (this) {
      if (!cancelled) {
        hooks.add(hook);
        return () -> {
          synchronized (this) {
            hooks.remove(hook);
          }
        };
      }
    }
    hook.run();
    return () -> {};
  }

  /** Marks the caller gone and runs the registered hooks once. */
  public void cancel() {
    List<Runnable> run;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      run = List.copyOf(hooks);
      hooks.clear();
    }
    run.forEach(Runnable::run);
  }

  /** Whether some work is registered to stop on cancel now (a statement running). */
  public synchronized boolean hasWorkToStop() {
    return !hooks.isEmpty();
  }

  public synchronized boolean isCancelled() {
    return cancelled;
  }
}
