package io.galley.server.mlflow;

import io.galley.core.ErrorCode;
import io.galley.core.artifact.Artifact;
import io.galley.core.blob.BlobStore;
import io.galley.server.http.ByteRange;
import io.galley.server.http.HttpError;
import io.galley.server.http.ResponseBodies;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Sends an artifact's bytes: streamed from the blob store, never compressed (the ETag is the digest
 * of the bytes as stored), one byte range on request, and always as an attachment so that a browser
 * never renders an artifact on the server's origin (as MLflow does, against XSS).
 */
final class ArtifactDownloads {

  private ArtifactDownloads() {}

  static void send(Context ctx, Artifact artifact, BlobStore blobs) {
    long size = artifact.size();
    String etag = "\"" + artifact.digest() + "\"";
    if (etagMatches(ctx.header("If-None-Match"), etag)) {
      ctx.header("ETag", etag);
      ctx.status(304);
      return;
    }
    Optional<ByteRange> range;
    try {
      String ifRange = ctx.header("If-Range");
      range =
          ifRange == null || ifRange.equals(etag)
              ? ByteRange.parse(ctx.header("Range"), size)
              : Optional.empty();
    } catch (ByteRange.UnsatisfiableException e) {
      ctx.header("Content-Range", "bytes */" + size);
      throw new HttpError(
          416,
          ErrorCode.INVALID_PARAMETER_VALUE,
          "Range not satisfiable: '" + artifact.path().name() + "' has " + size + " bytes");
    }
    long offset = range.map(ByteRange::first).orElse(0L);
    long length = range.map(ByteRange::length).orElse(size);
    // Opened before anything is committed: a missing blob is still an error response.
    InputStream in = blobs.open(artifact.digest(), offset, length);
    HttpServletResponse res = ctx.res();
    res.setStatus(range.isPresent() ? 206 : 200);
    res.setContentType(MimeTypes.of(artifact.path().name()));
    res.setContentLengthLong(length);
    res.setHeader("ETag", etag);
    res.setHeader("Accept-Ranges", "bytes");
    res.setHeader("Content-Disposition", contentDisposition(artifact.path().name()));
    res.setHeader("X-Content-Type-Options", "nosniff");
    range.ifPresent(r -> res.setHeader("Content-Range", r.contentRange(size)));
    ResponseBodies.send(in, res, artifact.path());
  }

  static boolean etagMatches(@Nullable String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.trim();
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.equals("*") || c.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  /** {@code attachment} with the name, ASCII-safe, and the exact name per RFC 6266 / 5987. */
  static String contentDisposition(String name) {
    StringBuilder ascii = new StringBuilder();
    for (char c : name.toCharArray()) {
      ascii.append(c < 0x20 || c > 0x7e || c == '"' || c == '\\' ? '_' : c);
    }
    return "attachment; filename=\""
        + ascii
        + "\"; filename*=UTF-8''"
        + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
