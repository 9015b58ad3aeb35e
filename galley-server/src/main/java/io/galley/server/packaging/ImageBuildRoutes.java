package io.galley.server.packaging;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import io.galley.core.InvalidRequestException;
import io.galley.core.NotFoundException;
import io.galley.core.access.Permission;
import io.galley.core.registry.ModelReference;
import io.galley.core.registry.ModelRegistry;
import io.galley.core.registry.ModelVersion;
import io.galley.oci.build.BuildEvent;
import io.galley.oci.build.BuiltImage;
import io.galley.oci.image.Descriptor;
import io.galley.oci.modelpack.ModelPackArtifact;
import io.galley.oci.name.RepositoryName;
import io.galley.oci.name.Tag;
import io.galley.server.access.Caller;
import io.galley.server.access.ResourcePermissions;
import io.galley.server.http.EventStream;
import io.galley.server.http.HttpError;
import io.galley.server.http.JsonObjectBody;
import io.galley.server.oci.ImageRegistryAccess;
import io.galley.server.oci.ImageRegistryAction;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/2.0/galley/images/build}: {@code {"model_uri": "models:/iris@champion",
 * "reference": "iris:champion", "base": "REGISTRY/REPO:TAG"}} ({@code base} optional; {@code
 * "artifact": true} instead writes a CNCF ModelPack artifact whose layers are the model's files,
 * copying none) builds the version's image into the registry as {@code REPO[:TAG]} (tag {@code
 * latest} when none). The caller needs to read the model and to push to the repository. What is
 * wrong with the request (no such model, no servable flavour, a bad reference) is a 4xx with
 * MLflow's error body before anything is built; then the answer is {@code application/x-ndjson},
 * one event per line, as the build goes:
 *
 * <pre>{@code
 * {"event":"layer_started","index":0,"count":4,"created_by":"galley: third-party serving jars"}
 * {"event":"layer_written","index":0,"digest":"sha256:...","size":123,"media_type":"...","millis":80}
 * {"event":"layer_reused","index":1,"digest":"sha256:...","size":456,"media_type":"..."}
 * {"event":"blob_stored","digest":"sha256:...","size":123,"present":false}
 * {"event":"image","repository":"iris","tag":"champion","digest":"sha256:...","size":45678901}
 * }</pre>
 *
 * A failure once the answer has begun is its last line: {@code {"event":"error","error_code":...,
 * "message":...}}; nothing names a manifest that is not stored.
 */
public final class ImageBuildRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(ImageBuildRoutes.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> PATHS =
      List.of("/api/2.0/galley/images/build", "/ajax-api/2.0/galley/images/build");
  private static final List<String> BASE_PATHS =
      List.of("/api/2.0/galley/images/base/build", "/ajax-api/2.0/galley/images/base/build");

  private final ModelRegistry registry;
  private final @Nullable ModelImages images;
  private final ResourcePermissions permissions;
  private final ImageRegistryAccess access;

  /** {@code images} is null when this server has no model server to put in images. */
  public ImageBuildRoutes(
      ModelRegistry registry,
      @Nullable ModelImages images,
      ResourcePermissions permissions,
      ImageRegistryAccess access) {
    this.registry = requireNonNull(registry, "registry");
    this.images = images;
    this.permissions = requireNonNull(permissions, "permissions");
    this.access = requireNonNull(access, "access");
  }

  public void mount(RoutesConfig routing) {
    for (String path : PATHS) {
      routing.post(path, this::build);
    }
    for (String path : BASE_PATHS) {
      routing.post(path, this::buildBase);
    }
  }

  /**
   * {@code POST images/base/build} {@code {"rebuild": false}}: Galley's base from this server's JDK
   * into {@code galley/java:FEATURE}, kept when already stored unless {@code rebuild}; the same
   * event stream as a build, ending in {@code image} with {@code kept}.
   */
  private void buildBase(Context ctx) {
    JsonNode body = JsonObjectBody.parse(ctx.body());
    JsonNode rebuildField = body.get("rebuild");
    if (rebuildField != null && !rebuildField.isBoolean()) {
      throw new InvalidRequestException("'rebuild' must be true or false");
    }
    // It runs jlink on the server for seconds of CPU: an administrator's call.
    Caller.of(ctx, permissions).requireAdministrator("build Galley's base image");
    ModelImages builder = requireImages();
    EventStream out = EventStream.open(ctx);
    try {
      ModelImages.BuiltBase base =
          builder.buildBase(
              rebuildField != null && rebuildField.asBoolean(), e -> out.send(event(e)));
      ObjectNode done = EventStream.event("image");
      done.put("repository", base.repository().toString());
      done.put("tag", base.tag());
      done.put("digest", base.manifest().digest().toString());
      done.put("size", base.size());
      done.put("kept", base.kept());
      out.send(done);
    } catch (GalleyException e) {
      out.error(e.code().name(), String.valueOf(e.getMessage()));
    } catch (IOException | RuntimeException e) {
      LOG.error("building the base failed", e);
      out.error("INTERNAL_ERROR", "the build failed; the server's log has the reason");
    }
  }

  private ModelImages requireImages() {
    if (images == null) {
      throw new HttpError(
          501,
          ErrorCode.NOT_IMPLEMENTED,
          "this server cannot build images: it was not started from Galley's distribution, which"
              + " holds the model server that goes into them");
    }
    return images;
  }

  private void build(Context ctx) {
    JsonNode body = JsonObjectBody.parse(ctx.body());
    String uri = required(body, "model_uri");
    String reference = required(body, "reference");
    ModelReference ref = ModelReference.parse(uri);
    Caller.of(ctx, permissions).requireModel(ref.name(), Permission.READ);
    int colon = reference.lastIndexOf(':');
    boolean hasTag = colon > reference.lastIndexOf('/');
    String repo = hasTag ? reference.substring(0, colon) : reference;
    String tag = hasTag ? reference.substring(colon + 1) : Tag.LATEST.toString();
    if (!RepositoryName.isValid(repo) || !Tag.isValid(tag)) {
      throw new InvalidRequestException(
          "'"
              + reference
              + "' is not an image reference: REPOSITORY[:TAG], lower-case names separated by /,"
              + " a tag of letters, digits, '_', '.' and '-'");
    }
    RepositoryName repository = RepositoryName.of(repo);
    access.checkForApi(ctx, ImageRegistryAction.PUSH, repository);
    ModelImages images = requireImages();
    ModelImages.ModelFiles files = images.files(resolve(ref));
    JsonNode artifactField = body.get("artifact");
    if (artifactField != null && !artifactField.isBoolean()) {
      throw new InvalidRequestException("'artifact' must be true or false");
    }
    boolean artifact = artifactField != null && artifactField.asBoolean();
    JsonNode from = body.get("base");
    if (artifact && from != null) {
      throw new InvalidRequestException(
          "a ModelPack artifact has no base: give 'artifact' or 'base'");
    }
    if (from != null && !from.isTextual()) {
      throw new InvalidRequestException("'base' must be an image reference string");
    }
    // Read before the answer begins, so a base that cannot be had is a 4xx, not a broken stream.
    ModelImages.RemoteBase base = from == null ? null : images.remoteBase(from.asText());

    EventStream out = EventStream.open(ctx);
    try {
      ObjectNode done = EventStream.event("image");
      done.put("repository", repository.toString());
      done.put("tag", tag);
      if (artifact) {
        ModelPackArtifact pack =
            images.buildArtifact(files, repository, tag, e -> out.send(event(e)));
        done.put("digest", pack.manifestDigest().toString());
        done.put("size", files.files().stream().mapToLong(a -> a.size()).sum());
        done.put("artifact_type", ModelPackArtifact.ARTIFACT_TYPE);
      } else {
        BuiltImage image = images.build(files, repository, tag, base, e -> out.send(event(e)));
        done.put("digest", image.manifestDescriptor().digest().toString());
        done.put("size", image.layers().stream().mapToLong(Descriptor::size).sum());
      }
      out.send(done);
    } catch (GalleyException e) {
      out.error(e.code().name(), String.valueOf(e.getMessage()));
    } catch (IOException | RuntimeException e) {
      LOG.error("building {} into {}:{} failed", uri, repository, tag, e);
      out.error("INTERNAL_ERROR", "the build failed; the server's log has the reason");
    }
  }

  /** The version a reference names: by number, alias, stage, or the latest. */
  private ModelVersion resolve(ModelReference ref) {
    if (ref.version() != null) {
      return registry.getModelVersion(ref.name(), ref.version());
    }
    if (ref.alias() != null) {
      registry.getRegisteredModel(ref.name()); // "no such model" before "no such alias"
      return registry.getVersionByAlias(ref.name(), ref.alias());
    }
    List<ModelVersion> latest =
        registry.getLatestVersions(
            ref.name(), ref.stage() == null ? List.of() : List.of(ref.stage()));
    return latest.stream()
        .max((a, b) -> Long.compare(a.version(), b.version()))
        .orElseThrow(
            () ->
                new NotFoundException(
                    "Registered model '"
                        + ref.name()
                        + "' has no "
                        + (ref.stage() == null
                            ? "versions"
                            : "version in stage " + ref.stage().label())));
  }

  private static ObjectNode event(BuildEvent e) {
    ObjectNode n = JSON.createObjectNode();
    if (e instanceof BuildEvent.LayerStarted s) {
      n.put("event", "layer_started");
      n.put("index", s.index());
      n.put("count", s.count());
      n.put("created_by", s.createdBy());
    } else if (e instanceof BuildEvent.LayerWritten w) {
      n.put("event", "layer_written");
      n.put("index", w.index());
      descriptor(n, w.layer());
      n.put("millis", w.millis());
    } else if (e instanceof BuildEvent.LayerReused r) {
      n.put("event", "layer_reused");
      n.put("index", r.index());
      descriptor(n, r.layer());
    } else if (e instanceof BuildEvent.BlobStored b) {
      n.put("event", "blob_stored");
      descriptor(n, b.blob());
      n.put("present", b.present());
    } else if (e instanceof BuildEvent.ImageStored i) {
      n.put("event", "manifest_stored");
      n.put("digest", i.image().manifestDescriptor().digest().toString());
    }
    return n;
  }

  private static void descriptor(ObjectNode n, Descriptor d) {
    n.put("digest", d.digest().toString());
    n.put("size", d.size());
    n.put("media_type", d.mediaType());
  }

  private static String required(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new InvalidRequestException("Missing value for required parameter '" + field + "'");
    }
    return v.asText();
  }
}
