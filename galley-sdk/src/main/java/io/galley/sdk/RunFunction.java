package io.galley.sdk;

/**
 * The body of {@link Experiment#withRun}: uses a run and returns a result (say, the trained model).
 * Its checked exception passes through {@code withRun} unchanged.
 *
 * @param <R> the result
 * @param <X> the checked exception the body may throw
 */
@FunctionalInterface
public interface RunFunction<R, X extends Exception> {
  R apply(ActiveRun run) throws X;
}
