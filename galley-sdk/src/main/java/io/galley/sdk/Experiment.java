package io.galley.sdk;

import static java.util.Objects.requireNonNull;

import io.galley.client.mlflow.RunInfoJson;
import io.galley.client.mlflow.TagJson;
import io.galley.core.environment.Environment;
import io.galley.core.tracking.TrackingLimits;
import io.galley.sdk.capture.EnvironmentCapture;
import io.galley.sdk.internal.EnvironmentTags;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** An experiment on the server, from {@link Galley#experiment}: where runs start. */
public final class Experiment {
  private final Galley galley;
  private final String id;
  private final String name;

  Experiment(Galley galley, String id, String name) {
    this.galley = galley;
    this.id = id;
    this.name = name;
  }

  public String id() {
    return id;
  }

  public String name() {
    return name;
  }

  /**
   * Starts a run named {@code runName}: captures the environment (unless turned off), creates the
   * run with MLflow's source tags, then logs the Galley environment tags and uploads {@code
   * environment.json} (and {@code git/uncommitted.diff}). Close it to end it FINISHED.
   */
  public ActiveRun startRun(String runName) {
    requireNonNull(runName, "runName");
    return start(runName);
  }

  /** Starts a run the server names. */
  public ActiveRun startRun() {
    return start(null);
  }

  /**
   * Runs {@code body} in a new run: FINISHED when it returns; FAILED when it throws, with the stack
   * trace as the artifact {@code error/stacktrace.txt}, and the exception passed on.
   */
  public <X extends Exception> void run(String runName, RunConsumer<X> body) throws X {
    withRun(
        runName,
        run -> {
          body.accept(run);
          return run; // withRun's result, which run(...) discards
        });
  }

  /** As {@link #run}, returning what {@code body} returns. */
  public <R, X extends Exception> R withRun(String runName, RunFunction<R, X> body) throws X {
    ActiveRun run = startRun(runName);
    R result;
    try {
      result = body.apply(run);
    } catch (Throwable t) {
      run.fail(t);
      throw t;
    }
    run.close();
    return result;
  }

  private ActiveRun start(@Nullable String runName) {
    TrackingLimits.validateRunName(runName);
    Environment env =
        galley.captureOptions().enabled()
            ? new EnvironmentCapture(galley.captureOptions()).capture()
            : null;
    String user = env == null ? null : env.property(Environment.USER_NAME);
    List<TagJson> tags = new ArrayList<>();
    if (env != null) {
      EnvironmentTags.mlflow(env).forEach((k, v) -> tags.add(new TagJson(k, v)));
    }
    RunInfoJson info =
        galley.client().createRun(id, runName, user, System.currentTimeMillis(), tags).info();
    ActiveRun run =
        new ActiveRun(galley, info.runId(), id, info.runName(), info.artifactUri(), env);
    if (env != null) {
      try {
        run.recordEnvironment(env);
      } catch (RuntimeException e) {
        run.fail(e);
        throw e;
      }
    }
    return run;
  }
}
