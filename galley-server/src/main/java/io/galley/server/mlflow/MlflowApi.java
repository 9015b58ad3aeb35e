package io.galley.server.mlflow;

import io.galley.core.artifact.ArtifactIndex;
import io.galley.core.blob.BlobStore;
import io.galley.core.registry.LeasedVersionFiles;
import io.galley.core.registry.ModelRegistry;
import io.galley.core.tracking.TrackingStore;
import io.galley.server.access.ResourcePermissions;
import io.javalin.config.RoutesConfig;

/** Mounts every MLflow endpoint family under both of MLflow's path prefixes. */
public final class MlflowApi {
  private MlflowApi() {}

  public static void mount(
      RoutesConfig routing,
      TrackingStore store,
      ArtifactIndex artifacts,
      ModelRegistry registry,
      BlobStore blobs,
      long maxBodyBytes,
      ResourcePermissions permissions) {
    Endpoints endpoints = new Endpoints(routing, maxBodyBytes, permissions);
    new ExperimentRoutes(store).mount(endpoints);
    new RunRoutes(store, new DatasetContentDigests(artifacts)).mount(endpoints);
    new MetricRoutes(store).mount(endpoints);
    RunArtifacts runArtifacts = new RunArtifacts(store, artifacts);
    new RunArtifactRoutes(store, runArtifacts, blobs, permissions).mount(endpoints, routing);
    VersionFiles versionFiles = new VersionFiles(registry);
    new ArtifactProxyRoutes(runArtifacts, versionFiles, artifacts, blobs, permissions)
        .mount(routing);
    new RegisteredModelRoutes(registry).mount(endpoints);
    new ModelVersionRoutes(
            registry,
            new ModelVersionSources(store, registry),
            versionFiles,
            new LeasedVersionFiles(blobs))
        .mount(endpoints);
  }
}
