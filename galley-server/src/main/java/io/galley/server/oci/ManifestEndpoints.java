package io.galley.server.oci;

import io.galley.oci.OciErrorCode;
import io.galley.oci.OciException;
import io.galley.oci.OciProblem;
import io.galley.oci.image.ManifestCodec;
import io.galley.oci.image.MediaTypes;
import io.galley.oci.image.ParsedManifest;
import io.galley.oci.name.RepositoryName;
import io.galley.oci.registry.ImageRegistry;
import io.galley.oci.registry.ManifestRecord;
import io.galley.oci.registry.StoredManifest;
import io.galley.server.http.ResponseBodies;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Enumeration;
import java.util.Locale;

/** {@code /v2/<name>/manifests/<reference>}: GET and HEAD (by Accept), PUT, DELETE. */
final class ManifestEndpoints {
  private final ImageRegistry registry;
  private final ImageRegistryAccess access;

  ManifestEndpoints(ImageRegistry registry, ImageRegistryAccess access) {
    this.registry = registry;
    this.access = access;
  }

  void serve(Context ctx, String method, RepositoryName name, String reference) {
    switch (method) {
      case "GET", "HEAD" -> {
        access.check(ctx, ImageRegistryAction.PULL, name);
        sendManifest(ctx, name, reference, method.equals("HEAD"));
      }
      case "PUT" -> {
        access.check(ctx, ImageRegistryAction.PUSH, name);
        putManifest(ctx, name, reference);
      }
      case "DELETE" -> {
        access.check(ctx, ImageRegistryAction.DELETE, name);
        registry.deleteManifest(name, reference);
        ctx.status(202).header("Content-Length", "0");
      }
      default -> throw ImageRegistryParams.unsupportedMethod(method, "a manifest");
    }
  }

  private void sendManifest(Context ctx, RepositoryName name, String reference, boolean headOnly) {
    StoredManifest manifest = registry.manifest(name, reference);
    ManifestRecord record = manifest.record();
    if (!accepts(ctx.req().getHeaders("Accept"), record.mediaType())) {
      throw new OciException(
          OciErrorCode.MANIFEST_UNKNOWN,
          "Manifest '"
              + ImageRegistryPath.shorten(reference)
              + "' is a "
              + record.mediaType()
              + ", which the request's Accept header does not list");
    }
    ctx.status(200);
    ctx.contentType(record.mediaType());
    ctx.header("Docker-Content-Digest", record.digest().toString());
    ctx.header("ETag", "\"" + record.digest() + "\"");
    ctx.res().setContentLengthLong(record.size());
    if (!headOnly) {
      ResponseBodies.send(manifest.open(), ctx.res(), record.digest());
    }
  }

  private void putManifest(Context ctx, RepositoryName name, String reference) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > ManifestCodec.MAX_BYTES) {
      throw tooLarge(declared);
    }
    byte[] bytes = readManifestBody(ctx);
    ParsedManifest manifest = registry.putManifest(name, reference, bytes, ctx.contentType());
    ctx.status(201)
        .header("Location", "/v2/" + name + "/manifests/" + manifest.digest())
        .header("Docker-Content-Digest", manifest.digest().toString())
        .header("Content-Length", "0");
    if (manifest.subject() != null) {
      ctx.header("OCI-Subject", manifest.subject().digest().toString());
    }
  }

  private static byte[] readManifestBody(Context ctx) {
    try {
      byte[] bytes = ctx.req().getInputStream().readNBytes(ManifestCodec.MAX_BYTES + 1);
      if (bytes.length > ManifestCodec.MAX_BYTES) {
        throw tooLarge(bytes.length);
      }
      return bytes;
    } catch (IOException e) {
      throw new OciException(
          OciErrorCode.MANIFEST_INVALID, "The request body ended early; nothing was stored");
    }
  }

  private static OciException tooLarge(long size) {
    return new OciException(
        OciErrorCode.SIZE_INVALID,
        OciProblem.TOO_LARGE,
        "The manifest has "
            + (size > ManifestCodec.MAX_BYTES ? "more than " + ManifestCodec.MAX_BYTES : size)
            + " bytes; this registry accepts at most "
            + ManifestCodec.MAX_BYTES);
  }

  /**
   * Whether the Accept headers allow a manifest of {@code mediaType}: no header, a wildcard, or the
   * type listed. Clients that accept only other kinds get 404, as from the reference registry.
   */
  static boolean accepts(Enumeration<String> headers, String mediaType) {
    boolean any = false;
    while (headers.hasMoreElements()) {
      for (String entry : headers.nextElement().split(",")) {
        String type = MediaTypes.withoutParameters(entry.trim()).toLowerCase(Locale.ROOT);
        if (type.isEmpty()) {
          continue;
        }
        any = true;
        if (type.equals("*/*") || type.equals("application/*") || type.equals(mediaType)) {
          return true;
        }
      }
    }
    return !any;
  }
}
