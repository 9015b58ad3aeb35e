package io.galley.sdk;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.core.tracking.TrackingLimits;
import io.galley.sdk.capture.Environment;
import io.galley.sdk.capture.EnvironmentCapture;
import io.galley.sdk.internal.ApiClient;
import io.galley.sdk.internal.EnvironmentTags;
import io.galley.sdk.internal.Json;
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
    ObjectNode body = Json.object();
    body.put("experiment_id", id);
    if (runName != null) {
      body.put("run_name", runName);
    }
    body.put("start_time", System.currentTimeMillis());
    if (env != null) {
      String user = env.property(Environment.USER_NAME);
      if (user != null) {
        body.put("user_id", user);
      }
      ArrayNode tags = body.putArray("tags");
      EnvironmentTags.mlflow(env).forEach((k, v) -> tags.addObject().put("key", k).put("value", v));
    }
    JsonNode info =
        galley.api().post(ApiClient.MLFLOW + "runs/create", body).path("run").path("info");
    ActiveRun run =
        new ActiveRun(
            galley,
            info.path("run_id").asText(),
            id,
            info.path("run_name").asText(),
            info.path("artifact_uri").asText(),
            env);
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
