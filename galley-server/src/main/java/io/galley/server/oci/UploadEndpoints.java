package io.galley.server.oci;

import io.galley.core.blob.Digest;
import io.galley.oci.OciErrorCode;
import io.galley.oci.OciException;
import io.galley.oci.OciProblem;
import io.galley.oci.name.RepositoryName;
import io.galley.oci.registry.ImageRegistry;
import io.galley.oci.registry.UploadSession;
import io.galley.server.http.BodyCut;
import io.galley.server.http.UploadBody;
import io.javalin.http.Context;
import java.io.InputStream;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code /v2/<name>/blobs/uploads/}: starting an upload (monolithic, chunked or a cross-repository
 * mount) and each session's GET, PATCH, PUT and DELETE.
 */
final class UploadEndpoints {
  private final ImageRegistry registry;
  private final ImageRegistryAccess access;

  UploadEndpoints(ImageRegistry registry, ImageRegistryAccess access) {
    this.registry = registry;
    this.access = access;
  }

  private static final Pattern CONTENT_RANGE =
      Pattern.compile("(?:bytes[ =])?\\s*(\\d{1,18})\\s*-\\s*(\\d{1,18})(?:/(?:\\d+|\\*))?");

  void start(Context ctx, RepositoryName name) {
    String mount = ctx.queryParam("mount");
    String from = ctx.queryParam("from");
    if (mount != null && from != null) {
      Digest digest = ImageRegistryParams.digest(mount, "mount");
      RepositoryName source = ImageRegistryParams.repository(from);
      access.check(ctx, ImageRegistryAction.PULL, source);
      Optional<Long> mounted = registry.mount(name, digest, source);
      if (mounted.isPresent()) {
        blobCreated(ctx, name, digest);
        return;
      }
      // Not in the source: the spec falls back to an upload session.
    }
    String digestParam = ctx.queryParam("digest");
    if (digestParam != null) {
      Digest digest = ImageRegistryParams.digest(digestParam, "digest");
      receive(ctx, body -> registry.uploadBlob(name, digest, body));
      blobCreated(ctx, name, digest);
      return;
    }
    UploadSession session = registry.startUpload(name);
    uploadAccepted(ctx, session);
  }

  void serve(Context ctx, String method, RepositoryName name, UUID id) {
    access.check(
        ctx, method.equals("GET") ? ImageRegistryAction.PULL : ImageRegistryAction.PUSH, name);
    switch (method) {
      case "GET" -> {
        UploadSession session = registry.upload(name, id);
        uploadHeaders(ctx, session);
        ctx.status(204);
      }
      case "PATCH" -> {
        long[] span = contentRange(ctx.header("Content-Range"));
        Long start = span == null ? null : span[0];
        Long length = span == null ? declaredLength(ctx) : (Long) (span[1] - span[0] + 1);
        UploadSession after =
            receive(ctx, body -> registry.appendChunk(name, id, body, start, length));
        uploadAccepted(ctx, after);
      }
      case "PUT" -> {
        String digestParam = ctx.queryParam("digest");
        if (digestParam == null) {
          throw new OciException(
              OciErrorCode.DIGEST_INVALID, "Completing an upload needs ?digest=sha256:<hex>");
        }
        Digest digest = ImageRegistryParams.digest(digestParam, "digest");
        Long length = declaredLength(ctx);
        receive(ctx, body -> registry.completeUpload(name, id, digest, body, length));
        blobCreated(ctx, name, digest);
      }
      case "DELETE" -> {
        registry.cancelUpload(name, id);
        ctx.status(204).header("Content-Length", "0");
      }
      default -> throw ImageRegistryParams.unsupportedMethod(method, "an upload");
    }
  }

  /** Streams the request body into the registry; a client that stops sending gets a 400. */
  private static <T> T receive(Context ctx, Function<InputStream, T> use) {
    return UploadBody.consume(
        ctx.req(),
        use,
        cut ->
            new OciException(
                OciErrorCode.BLOB_UPLOAD_INVALID,
                cut == BodyCut.TOO_SLOW ? OciProblem.TOO_SLOW : OciProblem.AS_CODED,
                cut.message()));
  }

  private static void uploadAccepted(Context ctx, UploadSession session) {
    uploadHeaders(ctx, session);
    ctx.status(202).header("Content-Length", "0");
  }

  private static void uploadHeaders(Context ctx, UploadSession session) {
    ctx.header("Location", uploadLocation(session));
    ctx.header("Docker-Upload-UUID", session.id().toString());
    // As the reference registry: the last byte received, 0-0 for none.
    ctx.header("Range", "0-" + Math.max(0, session.size() - 1));
  }

  private static String uploadLocation(UploadSession session) {
    return "/v2/" + session.repository() + "/blobs/uploads/" + session.id();
  }

  private static void blobCreated(Context ctx, RepositoryName name, Digest digest) {
    ctx.status(201)
        .header("Location", "/v2/" + name + "/blobs/" + digest)
        .header("Docker-Content-Digest", digest.toString())
        .header("Content-Length", "0");
  }

  /** {@code Content-Range: <start>-<end>} of a chunk, or null when absent. */
  private static long @Nullable [] contentRange(@Nullable String header) {
    if (header == null) {
      return null;
    }
    Matcher m = CONTENT_RANGE.matcher(header.trim());
    if (!m.matches()) {
      throw new OciException(
          OciErrorCode.BLOB_UPLOAD_INVALID,
          OciProblem.RANGE_NOT_SATISFIABLE,
          "Invalid Content-Range '"
              + ImageRegistryPath.shorten(header)
              + "': expected <start>-<end>");
    }
    long start = Long.parseLong(m.group(1));
    long end = Long.parseLong(m.group(2));
    if (end < start) {
      throw new OciException(
          OciErrorCode.BLOB_UPLOAD_INVALID,
          OciProblem.RANGE_NOT_SATISFIABLE,
          "Invalid Content-Range '" + header + "': the end is before the start");
    }
    return new long[] {start, end};
  }

  /** The request's Content-Length, or null when it is sent chunked. */
  private static @Nullable Long declaredLength(Context ctx) {
    long length = ctx.req().getContentLengthLong();
    return length < 0 ? null : length;
  }
}
