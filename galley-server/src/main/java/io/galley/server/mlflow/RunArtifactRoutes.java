package io.galley.server.mlflow;

import io.galley.client.mlflow.FileInfoJson;
import io.galley.client.mlflow.ListArtifactsResponseJson;
import io.galley.core.access.Permission;
import io.galley.core.artifact.ArtifactPath;
import io.galley.core.blob.BlobStore;
import io.galley.core.tracking.RunInfo;
import io.galley.core.tracking.TrackingStore;
import io.galley.server.access.Caller;
import io.galley.server.access.ResourcePermissions;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A run's artifacts by run ID: {@code artifacts/list} (paths relative to the run's artifact root,
 * with that root as {@code root_uri}) and the UI's {@code get-artifact}, as MLflow's {@code
 * _list_artifacts} and {@code get_artifact_handler} answer.
 */
final class RunArtifactRoutes {
  static final List<String> GET_ARTIFACT =
      List.of("/get-artifact", "/ajax-api/2.0/mlflow/get-artifact");

  private final TrackingStore tracking;
  private final RunArtifacts runs;
  private final BlobStore blobs;
  private final ResourcePermissions permissions;

  RunArtifactRoutes(
      TrackingStore tracking, RunArtifacts runs, BlobStore blobs, ResourcePermissions permissions) {
    this.tracking = tracking;
    this.runs = runs;
    this.blobs = blobs;
    this.permissions = permissions;
  }

  void mount(Endpoints e, RoutesConfig routing) {
    e.get("artifacts/list", Rule.run(Permission.READ), this::list);
    for (String path : GET_ARTIFACT) {
      routing.get(path, this::getArtifact);
    }
  }

  private Object list(RequestFields in, Caller caller) {
    RunInfo run = tracking.getRun(in.runId()).info();
    ArtifactPath dir = pathOf(in.string("path"));
    List<FileInfoJson> files =
        runs.children(run.runId(), dir).stream()
            .map(f -> FileInfoJson.of(f, dir.resolve(RunArtifacts.name(f)).value()))
            .toList();
    return ListArtifactsResponseJson.of(run.artifactUri(), files);
  }

  private void getArtifact(Context ctx) {
    RequestFields in = RequestFields.ofQuery(ctx.queryParamMap());
    RunInfo run = tracking.getRun(in.runId()).info();
    Caller.of(ctx, permissions).requireRun(run.runId(), Permission.READ);
    ArtifactPath path = pathOf(in.requiredString("path"));
    ArtifactDownloads.send(ctx, runs.file(run.runId(), path), blobs);
  }

  /** A path relative to the run's artifact root, refused (400) when it could leave the tree. */
  private static ArtifactPath pathOf(@Nullable String path) {
    return path == null ? ArtifactPath.ROOT : ArtifactLocation.relative(path);
  }
}
