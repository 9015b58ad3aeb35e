package io.galley.sdk;

/**
 * The body of {@link Experiment#run}: uses a run and returns nothing. Its checked exception passes
 * through {@code run} unchanged.
 *
 * @param <X> the checked exception the body may throw
 */
@FunctionalInterface
public interface RunConsumer<X extends Exception> {
  void accept(ActiveRun run) throws X;
}
