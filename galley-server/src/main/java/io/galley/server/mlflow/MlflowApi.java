package io.galley.server.mlflow;

import io.galley.core.tracking.TrackingStore;
import io.javalin.router.JavalinDefaultRouting;

/** Mounts every MLflow endpoint family under both of MLflow's path prefixes. */
public final class MlflowApi {
  private MlflowApi() {}

  public static void mount(JavalinDefaultRouting routing, TrackingStore store, long maxBodyBytes) {
    Endpoints endpoints = new Endpoints(routing, maxBodyBytes);
    new ExperimentRoutes(store).mount(endpoints);
    new RunRoutes(store).mount(endpoints);
    new MetricRoutes(store).mount(endpoints);
  }
}
