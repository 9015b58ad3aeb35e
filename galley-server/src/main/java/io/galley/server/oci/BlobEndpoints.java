package io.galley.server.oci;

import io.galley.core.blob.Digest;
import io.galley.oci.OciErrorCode;
import io.galley.oci.OciException;
import io.galley.oci.OciProblem;
import io.galley.oci.name.RepositoryName;
import io.galley.oci.registry.ImageRegistry;
import io.galley.server.http.ByteRange;
import io.galley.server.http.ResponseBodies;
import io.javalin.http.Context;
import java.io.InputStream;
import java.util.Optional;

/** {@code /v2/<name>/blobs/<digest>}: GET and HEAD (with byte ranges), DELETE. */
final class BlobEndpoints {
  private final ImageRegistry registry;
  private final ImageRegistryAccess access;

  BlobEndpoints(ImageRegistry registry, ImageRegistryAccess access) {
    this.registry = registry;
    this.access = access;
  }

  void serve(Context ctx, String method, RepositoryName name, Digest digest) {
    switch (method) {
      case "GET", "HEAD" -> {
        access.check(ctx, ImageRegistryAction.PULL, name);
        sendBlob(ctx, name, digest, method.equals("HEAD"));
      }
      case "DELETE" -> {
        access.check(ctx, ImageRegistryAction.DELETE, name);
        registry.deleteBlob(name, digest);
        ctx.status(202).header("Content-Length", "0");
      }
      default -> throw ImageRegistryParams.unsupportedMethod(method, "a blob");
    }
  }

  private void sendBlob(Context ctx, RepositoryName name, Digest digest, boolean headOnly) {
    long size = registry.blobSize(name, digest);
    Optional<ByteRange> range;
    try {
      range = ByteRange.parse(ctx.header("Range"), size);
    } catch (ByteRange.UnsatisfiableException e) {
      ctx.header("Content-Range", "bytes */" + size);
      throw new OciException(
          OciErrorCode.BLOB_UNKNOWN,
          OciProblem.RANGE_NOT_SATISFIABLE,
          "Range not satisfiable: the blob has " + size + " bytes");
    }
    long offset = range.map(ByteRange::first).orElse(0L);
    long length = range.map(ByteRange::length).orElse(size);
    ctx.status(range.isPresent() ? 206 : 200);
    ctx.header("Docker-Content-Digest", digest.toString());
    ctx.header("ETag", "\"" + digest + "\"");
    ctx.header("Accept-Ranges", "bytes");
    ctx.contentType("application/octet-stream");
    range.ifPresent(r -> ctx.header("Content-Range", r.contentRange(size)));
    ctx.res().setContentLengthLong(length);
    if (headOnly) {
      return;
    }
    // Opened before the body starts: a blob missing from storage is still an error response.
    InputStream in = registry.openLinkedBlob(digest, offset, length);
    ResponseBodies.send(in, ctx.res(), digest);
  }
}
