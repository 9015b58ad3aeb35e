package io.galley.server.mlflow;

import io.galley.client.mlflow.FileInfoJson;
import io.galley.client.mlflow.ListArtifactsResponseJson;
import io.galley.client.mlflow.WireJson;
import io.galley.core.ErrorCode;
import io.galley.core.InvalidRequestException;
import io.galley.core.NotFoundException;
import io.galley.core.access.Permission;
import io.galley.core.artifact.Artifact;
import io.galley.core.artifact.ArtifactIndex;
import io.galley.core.artifact.FileInfo;
import io.galley.core.blob.BlobStore;
import io.galley.core.blob.LeasedBlob;
import io.galley.core.tracking.RunInfo;
import io.galley.server.access.Caller;
import io.galley.server.access.ResourcePermissions;
import io.galley.server.http.BodyCut;
import io.galley.server.http.HttpError;
import io.galley.server.http.UploadBody;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * MLflow's artifact proxy, {@code /api/2.0/mlflow-artifacts/artifacts/<path>}: what a client sends
 * for a run whose {@code artifact_uri} is {@code mlflow-artifacts:/…}. Uploads stream into the blob
 * store, unlimited by the server's request size limit, and become visible in the run's tree only
 * once every byte is stored.
 *
 * <p>Each route follows its run's experiment, found from the run itself (never from the path's
 * experiment id, which a caller writes): reading takes READ, uploading EDIT, deleting MANAGE, as
 * MLflow's auth app checks them; a model version's files follow its registered model.
 */
final class ArtifactProxyRoutes {
  static final List<String> PREFIXES =
      List.of("/api/2.0/mlflow-artifacts/artifacts", "/ajax-api/2.0/mlflow-artifacts/artifacts");

  static final List<String> MULTIPART_PREFIXES =
      List.of("/api/2.0/mlflow-artifacts/mpu/", "/ajax-api/2.0/mlflow-artifacts/mpu/");

  static final String MULTIPART_UNSUPPORTED =
      "Multipart upload is not supported for the current artifact repository";

  private final RunArtifacts runs;
  private final VersionFiles versions;
  private final ArtifactIndex index;
  private final BlobStore blobs;
  private final ResourcePermissions permissions;

  ArtifactProxyRoutes(
      RunArtifacts runs,
      VersionFiles versions,
      ArtifactIndex index,
      BlobStore blobs,
      ResourcePermissions permissions) {
    this.runs = runs;
    this.versions = versions;
    this.index = index;
    this.blobs = blobs;
    this.permissions = permissions;
  }

  void mount(RoutesConfig routing) {
    for (String prefix : PREFIXES) {
      routing.get(prefix, this::list);
      routing.put(prefix + "/<path>", ctx -> upload(ctx, location(ctx, prefix)));
      routing.get(prefix + "/<path>", ctx -> download(ctx, location(ctx, prefix)));
      routing.delete(prefix + "/<path>", ctx -> delete(ctx, location(ctx, prefix)));
    }
    for (String prefix : MULTIPART_PREFIXES) {
      for (String step : List.of("create", "complete", "abort")) {
        routing.post(prefix + step, ArtifactProxyRoutes::multipartUnsupported);
        routing.post(prefix + step + "/<path>", ArtifactProxyRoutes::multipartUnsupported);
      }
    }
  }

  /**
   * MLflow's proxied multipart upload hands out part URLs of a cloud store (S3, GCS, Azure). Galley
   * answers as MLflow's server does for a store without it, word for word, because MLflow's client
   * matches this message and then falls back to one streaming PUT, which Galley takes at any size.
   */
  private static void multipartUnsupported(Context ctx) {
    throw new HttpError(
        ErrorCode.NOT_IMPLEMENTED.httpStatus(), ErrorCode.NOT_IMPLEMENTED, MULTIPART_UNSUPPORTED);
  }

  private void upload(Context ctx, String path) throws IOException {
    ArtifactLocation at = ArtifactLocation.parseForWrite(path);
    if (at.path().isRoot()) {
      throw new InvalidRequestException(
          "Invalid artifact path '" + path + "': an upload needs a file name");
    }
    RunInfo run = runs.activeRun(at);
    Caller.of(ctx, permissions).requireRun(run.runId(), Permission.EDIT);
    // Leased until the index entry is committed: a collection meanwhile, at any grace, keeps it.
    try (LeasedBlob blob =
        UploadBody.consume(ctx.req(), body -> blobs.putLeased(body, null), BodyCut::asHttpError)) {
      index.put(run.runId(), new Artifact(at.path(), blob.digest(), blob.size()));
    }
    json(ctx, Endpoints.EMPTY);
  }

  private void download(Context ctx, String path) {
    Optional<VersionFiles.Location> version = VersionFiles.parse(ArtifactLocation.relative(path));
    if (version.isPresent()) {
      Caller.of(ctx, permissions).requireModel(version.get().name(), Permission.READ);
      ArtifactDownloads.send(ctx, versions.file(version.get()), blobs);
      return;
    }
    ArtifactLocation at =
        ArtifactLocation.parse(path)
            .orElseThrow(() -> new NotFoundException("No artifact '" + path + "'"));
    RunInfo run = runs.run(at);
    Caller.of(ctx, permissions).requireRun(run.runId(), Permission.READ);
    ArtifactDownloads.send(ctx, runs.file(run.runId(), at.path()), blobs);
  }

  private void delete(Context ctx, String path) {
    ArtifactLocation at = ArtifactLocation.parseForWrite(path);
    RunInfo run = runs.run(at);
    Caller.of(ctx, permissions).requireRun(run.runId(), Permission.MANAGE);
    index.delete(run.runId(), at.path());
    json(ctx, Endpoints.EMPTY);
  }

  /**
   * {@code ?path=<experiment_id>/<run_id>/artifacts/<dir>} or {@code
   * models/<name>/versions/<version>/<dir>}: names relative to the directory.
   */
  private void list(Context ctx) {
    String path = ctx.queryParam("path");
    Optional<VersionFiles.Location> version =
        VersionFiles.parse(ArtifactLocation.relative(path == null ? "" : path));
    if (version.isPresent()) {
      Caller.of(ctx, permissions).requireModel(version.get().name(), Permission.READ);
      json(
          ctx,
          ListArtifactsResponseJson.of(
              null,
              versions.children(version.get()).stream()
                  .map((FileInfo f) -> FileInfoJson.of(f, RunArtifacts.name(f)))
                  .toList()));
      return;
    }
    Optional<ArtifactLocation> at = ArtifactLocation.parse(path == null ? "" : path);
    Optional<RunInfo> run = at.flatMap(runs::findRun);
    if (run.isPresent()) {
      Caller.of(ctx, permissions).requireRun(run.get().runId(), Permission.READ);
    }
    List<FileInfoJson> files =
        run.isEmpty()
            ? List.of()
            : runs.children(run.get().runId(), at.get().path()).stream()
                .map((FileInfo f) -> FileInfoJson.of(f, RunArtifacts.name(f)))
                .toList();
    json(ctx, ListArtifactsResponseJson.of(null, files));
  }

  /** The path after the prefix, from the raw URI (Javalin's decoding would turn '+' into ' '). */
  private static String location(Context ctx, String prefix) {
    String raw = ctx.req().getRequestURI();
    String encoded = raw.length() > prefix.length() + 1 ? raw.substring(prefix.length() + 1) : "";
    return ArtifactLocation.decodePath(encoded);
  }

  private static void json(Context ctx, Object body) {
    ctx.contentType("application/json").result(WireJson.write(body));
  }
}
