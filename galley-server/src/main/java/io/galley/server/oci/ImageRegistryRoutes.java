package io.galley.server.oci;

import static java.util.Objects.requireNonNull;

import io.galley.core.GalleyException;
import io.galley.core.InvalidRequestException;
import io.galley.core.blob.Digest;
import io.galley.oci.OciErrorCode;
import io.galley.oci.OciException;
import io.galley.oci.OciProblem;
import io.galley.oci.image.ManifestCodec;
import io.galley.oci.image.MediaTypes;
import io.galley.oci.image.ParsedManifest;
import io.galley.oci.name.RepositoryName;
import io.galley.oci.name.Tag;
import io.galley.oci.registry.ImageRegistry;
import io.galley.oci.registry.ManifestRecord;
import io.galley.oci.registry.StoredManifest;
import io.galley.oci.registry.UploadSession;
import io.galley.server.http.ByteRange;
import io.galley.server.http.ResponseBodies;
import io.galley.server.http.UploadBody;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The distribution spec's endpoints under {@code /v2/}. One handler per method takes every {@code
 * /v2/} path, splits it ({@link ImageRegistryPath}), asks {@link ImageRegistryAccess} and
 * dispatches; that keeps repository names with slashes out of the router and the authorisation in
 * one place.
 *
 * <p>Every response carries {@code Docker-Distribution-API-Version: registry/2.0}; every response
 * about content carries {@code Docker-Content-Digest}. Locations are relative, which every client
 * resolves against the request.
 */
public final class ImageRegistryRoutes {
  private static final String API_VERSION = "registry/2.0";
  private static final Pattern CONTENT_RANGE =
      Pattern.compile("(?:bytes[ =])?\\s*(\\d{1,18})\\s*-\\s*(\\d{1,18})(?:/(?:\\d+|\\*))?");

  private final ImageRegistry registry;
  private final ImageRegistryAccess access;

  public ImageRegistryRoutes(ImageRegistry registry, ImageRegistryAccess access) {
    this.registry = requireNonNull(registry, "registry");
    this.access = requireNonNull(access, "access");
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
        only(method, "GET", "HEAD");
        access.check(ctx, ImageRegistryAction.PING, null);
        ctx.contentType("application/json").result("{}");
      }
      case CATALOG -> {
        only(method, "GET");
        access.check(ctx, ImageRegistryAction.CATALOG, null);
        catalog(ctx);
      }
      case TAGS -> {
        only(method, "GET");
        access.check(ctx, ImageRegistryAction.PULL, path.name());
        tags(ctx, path.name());
      }
      case MANIFEST -> manifest(ctx, method, path.name(), path.arg());
      case UPLOADS -> {
        only(method, "POST");
        access.check(ctx, ImageRegistryAction.PUSH, path.name());
        startUpload(ctx, path.name());
      }
      case UPLOAD -> upload(ctx, method, path.name(), uploadId(path.arg()));
      case BLOB -> blob(ctx, method, path.name(), digestParam(path.arg(), "digest"));
      case REFERRERS -> {
        only(method, "GET");
        access.check(ctx, ImageRegistryAction.PULL, path.name());
        referrers(ctx, path.name(), digestParam(path.arg(), "digest"));
      }
    }
  }

  // Blobs

  private void blob(Context ctx, String method, RepositoryName name, Digest digest) {
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
      default -> throw unsupportedMethod(method, "a blob");
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

  // Uploads

  private void startUpload(Context ctx, RepositoryName name) {
    String mount = ctx.queryParam("mount");
    String from = ctx.queryParam("from");
    if (mount != null && from != null) {
      Digest digest = digestParam(mount, "mount");
      RepositoryName source = repositoryParam(from);
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
      Digest digest = digestParam(digestParam, "digest");
      receive(ctx, body -> registry.uploadBlob(name, digest, body));
      blobCreated(ctx, name, digest);
      return;
    }
    UploadSession session = registry.startUpload(name);
    uploadAccepted(ctx, session);
  }

  private void upload(Context ctx, String method, RepositoryName name, UUID id) {
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
        Digest digest = digestParam(digestParam, "digest");
        Long length = declaredLength(ctx);
        receive(ctx, body -> registry.completeUpload(name, id, digest, body, length));
        blobCreated(ctx, name, digest);
      }
      case "DELETE" -> {
        registry.cancelUpload(name, id);
        ctx.status(204).header("Content-Length", "0");
      }
      default -> throw unsupportedMethod(method, "an upload");
    }
  }

  /** Streams the request body into the registry; a client that stops sending gets a 400. */
  private static <T> T receive(Context ctx, Function<InputStream, T> use) {
    return UploadBody.consume(
        ctx.req(),
        use,
        () ->
            new OciException(
                OciErrorCode.BLOB_UPLOAD_INVALID,
                "The request body ended early; nothing was stored"));
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

  // Manifests

  private void manifest(Context ctx, String method, RepositoryName name, String reference) {
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
      default -> throw unsupportedMethod(method, "a manifest");
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

  // Listings

  private void tags(Context ctx, RepositoryName name) {
    Integer n = pageSize(ctx);
    String last = ctx.queryParam("last");
    List<Tag> tags = registry.tags(name, n, last);
    List<String> values = new ArrayList<>(tags.size());
    tags.forEach(t -> values.add(t.value()));
    if (n != null && n > 0 && values.size() == n) {
      nextLink(ctx, "/v2/" + name + "/tags/list", n, values.get(values.size() - 1));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name.value());
    body.put("tags", values);
    ctx.contentType("application/json").result(OciJson.write(body));
  }

  private void catalog(Context ctx) {
    Integer n = pageSize(ctx);
    List<RepositoryName> names = registry.catalog(n, ctx.queryParam("last"));
    List<String> values = new ArrayList<>(names.size());
    names.forEach(r -> values.add(r.value()));
    int limit = n == null ? ImageRegistry.DEFAULT_PAGE_SIZE : n;
    if (limit > 0 && values.size() == limit) {
      nextLink(ctx, "/v2/_catalog", limit, values.get(values.size() - 1));
    }
    ctx.contentType("application/json").result(OciJson.write(Map.of("repositories", values)));
  }

  private void referrers(Context ctx, RepositoryName name, Digest subject) {
    String artifactType = ctx.queryParam("artifactType");
    List<Map<String, Object>> descriptors = new ArrayList<>();
    for (ManifestRecord r : registry.referrers(name, subject, artifactType)) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("mediaType", r.mediaType());
      d.put("digest", r.digest().toString());
      d.put("size", r.size());
      if (r.artifactType() != null) {
        d.put("artifactType", r.artifactType());
      }
      if (!r.annotations().isEmpty()) {
        d.put("annotations", r.annotations());
      }
      descriptors.add(d);
    }
    if (artifactType != null) {
      ctx.header("OCI-Filters-Applied", "artifactType");
    }
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    index.put("manifests", descriptors);
    ctx.contentType(MediaTypes.OCI_INDEX).result(OciJson.write(index));
  }

  private static @Nullable Integer pageSize(Context ctx) {
    String n = ctx.queryParam("n");
    if (n == null || n.isEmpty()) {
      return null;
    }
    try {
      int value = Integer.parseInt(n);
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Refused below, as a negative number is.
    }
    throw new OciException(
        OciErrorCode.UNSUPPORTED,
        OciProblem.INVALID_PARAMETER,
        "Invalid n '" + ImageRegistryPath.shorten(n) + "': expected a whole number, 0 or more");
  }

  private static void nextLink(Context ctx, String path, int n, String last) {
    ctx.header(
        "Link",
        "<"
            + path
            + "?n="
            + n
            + "&last="
            + URLEncoder.encode(last, StandardCharsets.UTF_8)
            + ">; rel=\"next\"");
  }

  // Helpers

  private static Digest digestParam(String value, String what) {
    try {
      return Digest.parse(value);
    } catch (InvalidRequestException e) {
      throw new OciException(
          OciErrorCode.DIGEST_INVALID,
          "Invalid "
              + what
              + " '"
              + ImageRegistryPath.shorten(value)
              + "': expected sha256:<64 lowercase hex digits>");
    }
  }

  private static RepositoryName repositoryParam(String value) {
    if (!RepositoryName.isValid(value)) {
      throw new OciException(
          OciErrorCode.NAME_INVALID,
          "Invalid repository name '" + ImageRegistryPath.shorten(value) + "' in from=");
    }
    return RepositoryName.of(value);
  }

  private static UUID uploadId(String value) {
    try {
      UUID id = UUID.fromString(value);
      if (id.toString().equals(value.toLowerCase(Locale.ROOT))) {
        return id;
      }
    } catch (IllegalArgumentException e) {
      // Unknown below.
    }
    throw new OciException(
        OciErrorCode.BLOB_UPLOAD_UNKNOWN,
        "Upload '" + ImageRegistryPath.shorten(value) + "' is not in progress");
  }

  private static void only(String method, String... allowed) {
    for (String a : allowed) {
      if (a.equals(method)) {
        return;
      }
    }
    throw unsupportedMethod(method, "this endpoint");
  }

  private static GalleyException unsupportedMethod(String method, String what) {
    return new OciException(
        OciErrorCode.UNSUPPORTED, "Method " + method + " is not supported on " + what);
  }
}
