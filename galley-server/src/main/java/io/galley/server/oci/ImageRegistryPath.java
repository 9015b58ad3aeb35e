package io.galley.server.oci;

import io.galley.oci.OciErrorCode;
import io.galley.oci.OciException;
import io.galley.oci.name.RepositoryName;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A {@code /v2/} request path split into what it addresses. Names hold slashes, so the path is
 * matched from its end, as the reference registry's router does: the last {@code /blobs/}, {@code
 * /manifests/} and so on ends the name.
 */
record ImageRegistryPath(
    Kind kind, @Nullable RepositoryName repository, @Nullable String argument) {

  enum Kind {
    BASE,
    CATALOG,
    TAGS,
    MANIFEST,
    UPLOADS,
    UPLOAD,
    BLOB,
    REFERRERS
  }

  private record Shape(Kind kind, Pattern pattern) {}

  // Order matters: "blobs/uploads" before "blobs/<digest>".
  private static final List<Shape> SHAPES =
      List.of(
          new Shape(Kind.TAGS, Pattern.compile("(.+)/tags/list")),
          new Shape(Kind.MANIFEST, Pattern.compile("(.+)/manifests/([^/]+)")),
          new Shape(Kind.UPLOADS, Pattern.compile("(.+)/blobs/uploads/?")),
          new Shape(Kind.UPLOAD, Pattern.compile("(.+)/blobs/uploads/([^/]+)")),
          new Shape(Kind.BLOB, Pattern.compile("(.+)/blobs/([^/]+)")),
          new Shape(Kind.REFERRERS, Pattern.compile("(.+)/referrers/([^/]+)")));

  /** The route a raw request URI (still percent-encoded) addresses, or empty for none. */
  static Optional<ImageRegistryPath> parse(String rawUri) {
    String path = decode(rawUri);
    if (path.equals("/v2") || path.equals("/v2/")) {
      return Optional.of(new ImageRegistryPath(Kind.BASE, null, null));
    }
    if (!path.startsWith("/v2/")) {
      return Optional.empty();
    }
    String rest = path.substring(4);
    if (rest.equals("_catalog") || rest.equals("_catalog/")) {
      return Optional.of(new ImageRegistryPath(Kind.CATALOG, null, null));
    }
    for (Shape shape : SHAPES) {
      Matcher m = shape.pattern().matcher(rest);
      if (m.matches()) {
        String name = m.group(1);
        if (!RepositoryName.isValid(name)) {
          throw new OciException(
              OciErrorCode.NAME_INVALID,
              "Invalid repository name '"
                  + shorten(name)
                  + "': lowercase components of [a-z0-9] joined by '.', '_', '__' or '-',"
                  + " separated by '/', at most "
                  + RepositoryName.MAX_LENGTH
                  + " characters");
        }
        String argument = m.groupCount() >= 2 ? m.group(2) : null;
        return Optional.of(new ImageRegistryPath(shape.kind(), RepositoryName.of(name), argument));
      }
    }
    return Optional.empty();
  }

  RepositoryName name() {
    if (repository == null) {
      throw new IllegalStateException(kind + " has no repository");
    }
    return repository;
  }

  String arg() {
    if (argument == null) {
      throw new IllegalStateException(kind + " has no argument");
    }
    return argument;
  }

  private static String decode(String raw) {
    int query = raw.indexOf('?');
    String path = query >= 0 ? raw.substring(0, query) : raw;
    if (path.indexOf('%') < 0) {
      return path;
    }
    try {
      // '+' is a literal in a path; only %XX escapes decode.
      return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new OciException(
          OciErrorCode.NAME_INVALID, "The request path has a malformed %-escape: " + shorten(raw));
    }
  }

  static String shorten(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
