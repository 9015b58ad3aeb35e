package io.galley.server.oci;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.oci.OciException;
import io.galley.oci.image.Descriptor;
import io.galley.oci.image.ImageConfig;
import io.galley.oci.image.ImageConfigCodec;
import io.galley.oci.image.ImageIndex;
import io.galley.oci.image.ImageManifest;
import io.galley.oci.image.ManifestCodec;
import io.galley.oci.image.MediaTypes;
import io.galley.oci.image.ParsedManifest;
import io.galley.oci.name.RepositoryName;
import io.galley.oci.name.Tag;
import io.galley.oci.registry.ImageRegistry;
import io.galley.oci.registry.StoredManifest;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/2.0/galley/images/list}: every tagged image in the registry the caller may pull,
 * built, pushed and pulled alike, as {@code docker images} lists a daemon's: {@code {"images":
 * [{"repository", "tag", "digest", "id", "created", "size", "platforms", "artifact_type"}]}}, by
 * repository then tag. {@code id} is the config's digest ({@code docker images}' IMAGE ID; an
 * index's own digest); {@code size} the bytes stored for it (config and layers as pushed, so
 * compressed); {@code created} the config's, as written.
 */
public final class ImageListRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> PATHS =
      List.of("/api/2.0/galley/images/list", "/ajax-api/2.0/galley/images/list");

  private final ImageRegistry registry;
  private final ImageRegistryAccess access;

  public ImageListRoutes(ImageRegistry registry, ImageRegistryAccess access) {
    this.registry = requireNonNull(registry, "registry");
    this.access = requireNonNull(access, "access");
  }

  public void mount(RoutesConfig routing) {
    for (String path : PATHS) {
      routing.get(path, this::list);
    }
  }

  private void list(Context ctx) {
    ObjectNode answer = JSON.createObjectNode();
    ArrayNode images = answer.putArray("images");
    String lastRepository = null;
    while (true) {
      List<RepositoryName> page = registry.catalog(ImageRegistry.MAX_PAGE_SIZE, lastRepository);
      for (RepositoryName repository : page) {
        if (mayPull(ctx, repository)) {
          addTags(images, repository);
        }
      }
      if (page.size() < ImageRegistry.MAX_PAGE_SIZE) {
        break;
      }
      lastRepository = page.get(page.size() - 1).toString();
    }
    try {
      ctx.contentType("application/json").result(JSON.writeValueAsBytes(answer));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean mayPull(Context ctx, RepositoryName repository) {
    try {
      access.check(ctx, ImageRegistryAction.PULL, repository);
      return true;
    } catch (OciException e) {
      ctx.removeHeader("WWW-Authenticate"); // a challenge for one repository is not the answer's
      return false;
    }
  }

  private void addTags(ArrayNode images, RepositoryName repository) {
    String lastTag = null;
    while (true) {
      List<Tag> tags = registry.tags(repository, ImageRegistry.MAX_PAGE_SIZE, lastTag);
      for (Tag tag : tags) {
        ObjectNode image = describe(repository, tag.toString());
        if (image != null) {
          images.add(image);
        }
      }
      if (tags.size() < ImageRegistry.MAX_PAGE_SIZE) {
        return;
      }
      lastTag = tags.get(tags.size() - 1).toString();
    }
  }

  /** The tag's image, or null when it went meanwhile (deleted between listing and reading). */
  private @Nullable ObjectNode describe(RepositoryName repository, String tag) {
    ParsedManifest manifest;
    try {
      manifest = read(repository, tag);
    } catch (OciException e) {
      return null;
    }
    ObjectNode n = JSON.createObjectNode();
    n.put("repository", repository.toString());
    n.put("tag", tag);
    n.put("digest", manifest.digest().toString());
    // An image's "artifact type" is its config's media type (the referrers API says so): only
    // another type makes it an artifact.
    String artifactType = manifest.artifactType();
    if (artifactType != null && !isImageConfig(artifactType)) {
      n.put("artifact_type", artifactType);
    }
    ArrayNode platforms = n.putArray("platforms");
    if (manifest.document() instanceof ImageIndex index) {
      n.put("id", manifest.digest().toString());
      long size = 0;
      String created = null;
      for (Descriptor child : index.manifests()) {
        ParsedManifest image = read(repository, child.digest().toString());
        if (image.document() instanceof ImageManifest m) {
          size += size(m);
          ImageConfig config = config(m);
          if (config != null) {
            created = created == null ? config.created() : created;
            platforms.add(config.os() + "/" + config.architecture());
          }
        }
      }
      n.put("size", size);
      n.put("created", created);
    } else if (manifest.document() instanceof ImageManifest m) {
      n.put("id", m.config().digest().toString());
      n.put("size", size(m));
      ImageConfig config = config(m);
      n.put("created", config == null ? null : config.created());
      if (config != null) {
        platforms.add(config.os() + "/" + config.architecture());
      }
    }
    return n;
  }

  private ParsedManifest read(RepositoryName repository, String reference) {
    StoredManifest stored = registry.manifest(repository, reference);
    try (InputStream in = stored.open()) {
      return ManifestCodec.parse(in.readAllBytes(), stored.record().mediaType());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The image config, or null for an artifact whose config is not one. */
  private @Nullable ImageConfig config(ImageManifest m) {
    if (!isImageConfig(m.config().mediaType())) {
      return null;
    }
    try (InputStream in = registry.openLinkedBlob(m.config().digest(), 0, -1)) {
      return ImageConfigCodec.parse(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isImageConfig(String mediaType) {
    return mediaType.equals(MediaTypes.OCI_CONFIG) || mediaType.equals(MediaTypes.DOCKER_CONFIG);
  }

  private static long size(ImageManifest m) {
    return m.config().size() + m.layers().stream().mapToLong(Descriptor::size).sum();
  }
}
