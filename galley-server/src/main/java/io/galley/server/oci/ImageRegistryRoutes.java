package io.galley.server.oci;

import static java.util.Objects.requireNonNull;

import io.galley.oci.OciErrorCode;
import io.galley.oci.OciException;
import io.galley.oci.OciProblem;
import io.galley.oci.registry.ImageRegistry;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;

/**
 * The distribution spec's endpoints under {@code /v2/}. One handler per method takes every {@code
 * /v2/} path, splits it ({@link ImageRegistryPath}), asks {@link ImageRegistryAccess} and
 * dispatches to one class per endpoint family (blobs, uploads, manifests, listings), as Jib's
 * registry client has one class per endpoint; that keeps repository names with slashes out of the
 * router and the authorisation in one place.
 *
 * <p>Every response carries {@code Docker-Distribution-API-Version: registry/2.0}; every response
 * about content carries {@code Docker-Content-Digest}. Locations are relative, which every client
 * resolves against the request.
 */
public final class ImageRegistryRoutes {
  private static final String API_VERSION = "registry/2.0";

  private final ImageRegistryAccess access;
  private final BlobEndpoints blobs;
  private final UploadEndpoints uploads;
  private final ManifestEndpoints manifests;
  private final ListingEndpoints listings;

  public ImageRegistryRoutes(ImageRegistry registry, ImageRegistryAccess access) {
    requireNonNull(registry, "registry");
    this.access = requireNonNull(access, "access");
    this.blobs = new BlobEndpoints(registry, access);
    this.uploads = new UploadEndpoints(registry, access);
    this.manifests = new ManifestEndpoints(registry, access);
    this.listings = new ListingEndpoints(registry);
  }

  public void mount(RoutesConfig routing) {
    for (HandlerType method :
        List.of(
            HandlerType.GET,
            HandlerType.HEAD,
            HandlerType.POST,
            HandlerType.PUT,
            HandlerType.PATCH,
            HandlerType.DELETE)) {
      routing.addHttpHandler(method, "/v2", this::serve);
      routing.addHttpHandler(method, "/v2/*", this::serve);
    }
  }

  private void serve(Context ctx) {
    ctx.header("Docker-Distribution-API-Version", API_VERSION);
    ImageRegistryPath path =
        ImageRegistryPath.parse(ctx.req().getRequestURI())
            .orElseThrow(
                () ->
                    new OciException(
                        OciErrorCode.UNSUPPORTED,
                        OciProblem.UNKNOWN_ENDPOINT,
                        "No registry endpoint at " + ImageRegistryPath.shorten(ctx.path())));
    String method = ctx.req().getMethod();
    switch (path.kind()) {
      case BASE -> {
        access.check(ctx, ImageRegistryAction.PING, null);
        ImageRegistryParams.only(method, "GET", "HEAD");
        ctx.contentType("application/json").result("{}");
      }
      case CATALOG -> {
        access.check(ctx, ImageRegistryAction.CATALOG, null);
        ImageRegistryParams.only(method, "GET");
        listings.catalog(ctx);
      }
      case TAGS -> {
        access.check(ctx, ImageRegistryAction.PULL, path.name());
        ImageRegistryParams.only(method, "GET");
        listings.tags(ctx, path.name());
      }
      case MANIFEST -> manifests.serve(ctx, method, path.name(), path.arg());
      case UPLOADS -> {
        ImageRegistryParams.only(method, "POST");
        access.check(ctx, ImageRegistryAction.PUSH, path.name());
        uploads.start(ctx, path.name());
      }
      case UPLOAD ->
          uploads.serve(ctx, method, path.name(), ImageRegistryParams.uploadId(path.arg()));
      case BLOB ->
          blobs.serve(ctx, method, path.name(), ImageRegistryParams.digest(path.arg(), "digest"));
      case REFERRERS -> {
        ImageRegistryParams.only(method, "GET");
        access.check(ctx, ImageRegistryAction.PULL, path.name());
        listings.referrers(ctx, path.name(), ImageRegistryParams.digest(path.arg(), "digest"));
      }
    }
  }
}
