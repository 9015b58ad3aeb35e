package io.galley.server.oci;

import io.galley.core.blob.Digest;
import io.galley.oci.OciErrorCode;
import io.galley.oci.OciException;
import io.galley.oci.OciProblem;
import io.galley.oci.image.MediaTypes;
import io.galley.oci.name.RepositoryName;
import io.galley.oci.name.Tag;
import io.galley.oci.registry.ImageRegistry;
import io.galley.oci.registry.ManifestRecord;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The registry's lists: {@code _catalog}, {@code tags/list} and {@code referrers}, paged. */
final class ListingEndpoints {
  /** The body of {@code tags/list}. */
  private record TagListJson(String name, List<String> tags) {}

  /** The body of {@code _catalog}. */
  private record CatalogJson(List<String> repositories) {}

  /** The referrers answer: an image index of descriptors, absent fields left out. */
  private record IndexJson(int schemaVersion, String mediaType, List<DescriptorJson> manifests) {}

  private record DescriptorJson(
      String mediaType,
      String digest,
      long size,
      @Nullable String artifactType,
      @Nullable Map<String, String> annotations) {}

  private final ImageRegistry registry;

  ListingEndpoints(ImageRegistry registry) {
    this.registry = registry;
  }

  void tags(Context ctx, RepositoryName name) {
    Integer n = pageSize(ctx);
    String last = ctx.queryParam("last");
    List<Tag> tags = registry.tags(name, n, last);
    List<String> values = new ArrayList<>(tags.size());
    tags.forEach(t -> values.add(t.value()));
    if (n != null && n > 0 && values.size() == n) {
      nextLink(ctx, "/v2/" + name + "/tags/list", n, values.get(values.size() - 1));
    }
    ctx.contentType("application/json")
        .result(OciJson.write(new TagListJson(name.value(), values)));
  }

  void catalog(Context ctx) {
    Integer n = pageSize(ctx);
    List<RepositoryName> names = registry.catalog(n, ctx.queryParam("last"));
    List<String> values = new ArrayList<>(names.size());
    names.forEach(r -> values.add(r.value()));
    int limit = n == null ? ImageRegistry.DEFAULT_PAGE_SIZE : n;
    if (limit > 0 && values.size() == limit) {
      nextLink(ctx, "/v2/_catalog", limit, values.get(values.size() - 1));
    }
    ctx.contentType("application/json").result(OciJson.write(new CatalogJson(values)));
  }

  void referrers(Context ctx, RepositoryName name, Digest subject) {
    String artifactType = ctx.queryParam("artifactType");
    List<DescriptorJson> descriptors = new ArrayList<>();
    for (ManifestRecord r : registry.referrers(name, subject, artifactType)) {
      descriptors.add(
          new DescriptorJson(
              r.mediaType(),
              r.digest().toString(),
              r.size(),
              r.artifactType(),
              r.annotations().isEmpty() ? null : r.annotations()));
    }
    if (artifactType != null) {
      ctx.header("OCI-Filters-Applied", "artifactType");
    }
    ctx.contentType(MediaTypes.OCI_INDEX)
        .result(OciJson.write(new IndexJson(2, MediaTypes.OCI_INDEX, descriptors)));
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
}
