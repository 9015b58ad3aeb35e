package io.galley.server.oci;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.core.GalleyException;
import io.galley.core.InvalidRequestException;
import io.galley.oci.distribution.BlobVerificationException;
import io.galley.oci.distribution.RegistryException;
import io.galley.oci.distribution.TransferEvent;
import io.galley.oci.image.Descriptor;
import io.galley.oci.name.OciReference;
import io.galley.server.http.EventStream;
import io.galley.server.http.JsonObjectBody;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.UncheckedIOException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/2.0/galley/images/pull}: {@code {"reference": "docker.io/library/busybox:1.36",
 * "platform": "linux/arm64"}} ({@code platform} optional) copies the image into this registry (see
 * {@link ImagePulls} for where it lands). The caller needs to push to that repository. A reference
 * that is not one, a registry that refuses or has no such image is a 4xx with MLflow's error body
 * before a blob moves; then the answer is {@code application/x-ndjson}, one event per line:
 *
 * <pre>{@code
 * {"event":"resolved","source":"docker.io/library/busybox:1.36","repository":"docker.io/library/busybox","tag":"1.36"}
 * {"event":"blob_waiting","digest":"sha256:...","size":123,"media_type":"..."}
 * {"event":"blob_progress","digest":"sha256:...","size":123,"bytes":64}
 * {"event":"blob_done","digest":"sha256:...","size":123,"media_type":"...","present":false}
 * {"event":"manifest_stored","digest":"sha256:..."}
 * {"event":"image","source":"...","repository":"...","tag":"1.36","digest":"sha256:...","size":4567,"platforms":["linux/amd64"]}
 * }</pre>
 *
 * A failure once the answer has begun is its last line, {@code {"event":"error",...}}; the blobs
 * already stored stay, and the next pull of the image skips them.
 */
public final class ImagePullRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(ImagePullRoutes.class);
  private static final List<String> PATHS =
      List.of("/api/2.0/galley/images/pull", "/ajax-api/2.0/galley/images/pull");

  private final ImagePulls pulls;
  private final ImageRegistryAccess access;

  public ImagePullRoutes(ImagePulls pulls, ImageRegistryAccess access) {
    this.pulls = requireNonNull(pulls, "pulls");
    this.access = requireNonNull(access, "access");
  }

  public void mount(RoutesConfig routing) {
    for (String path : PATHS) {
      routing.post(path, this::pull);
    }
  }

  private void pull(Context ctx) {
    JsonNode body = JsonObjectBody.parse(ctx.body());
    String reference = text(body, "reference");
    String platform = text(body, "platform");
    if (reference == null) {
      throw new InvalidRequestException("Missing value for required parameter 'reference'");
    }
    OciReference source = ImagePulls.parse(reference);
    // The repository is known from the reference alone: refuse before asking the registry.
    access.checkForApi(ctx, ImageRegistryAction.PUSH, ImagePulls.localRepository(source));
    ImagePulls.Pull pull = pulls.start(source, platform);

    EventStream out = EventStream.open(ctx);
    ObjectNode resolved = EventStream.event("resolved");
    resolved.put("source", pull.source().toString());
    resolved.put("repository", pull.repository().toString());
    if (pull.source().tag() != null) {
      resolved.put("tag", pull.source().tag().toString());
    }
    out.send(resolved);
    try {
      ImagePulls.Pulled pulled = pull.run(e -> out.send(event(e)));
      ObjectNode done = EventStream.event("image");
      done.put("source", pull.source().toString());
      done.put("repository", pull.repository().toString());
      if (pull.source().tag() != null) {
        done.put("tag", pull.source().tag().toString());
      }
      done.put("digest", pulled.digest());
      done.put("size", pulled.size());
      ArrayNode platforms = done.putArray("platforms");
      pulled.platforms().forEach(platforms::add);
      out.send(done);
    } catch (RegistryException e) {
      out.error(
          e.status() == 404 ? "RESOURCE_DOES_NOT_EXIST" : "BAD_REQUEST",
          String.valueOf(e.getMessage()));
    } catch (GalleyException e) {
      out.error(e.code().name(), withRemoteCause(e));
    } catch (EventStream.ClientGone e) {
      // What is stored stays: the next pull of the image starts from there.
      LOG.info("pull of {} stopped: the client went away", pull.source());
    } catch (UncheckedIOException e) {
      if (verificationFailure(e) != null) {
        out.error("BAD_REQUEST", "pulling " + pull.source() + ": " + withRemoteCause(e));
      } else {
        // A connection that broke or this server's storage: the reason may name server files.
        LOG.warn("pulling {} broke off", pull.source(), e);
        out.error(
            "INTERNAL_ERROR",
            "pulling "
                + pull.source()
                + " broke off; run it again to resume, the server's log"
                + " has the reason");
      }
    } catch (RuntimeException e) {
      LOG.error("pulling {} failed", pull.source(), e);
      out.error("INTERNAL_ERROR", "the pull failed; the server's log has the reason");
    }
  }

  /**
   * The store's words, and the registry client's reason when a blob from the registry was not what
   * it promised (the store only knows that its input failed). Other causes may name this server's
   * files: they go to the log, not to the client.
   */
  private static String withRemoteCause(RuntimeException e) {
    BlobVerificationException cause = verificationFailure(e);
    String message = String.valueOf(e.getMessage());
    return cause == null ? message : message + ": " + cause.getMessage();
  }

  private static @Nullable BlobVerificationException verificationFailure(Throwable e) {
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      if (c instanceof BlobVerificationException v) {
        return v;
      }
    }
    return null;
  }

  private static ObjectNode event(TransferEvent e) {
    if (e instanceof TransferEvent.BlobWaiting w) {
      return descriptor(EventStream.event("blob_waiting"), w.blob());
    }
    if (e instanceof TransferEvent.BlobProgress p) {
      ObjectNode n = descriptor(EventStream.event("blob_progress"), p.blob());
      n.put("bytes", p.bytes());
      return n;
    }
    if (e instanceof TransferEvent.BlobDone d) {
      ObjectNode n = descriptor(EventStream.event("blob_done"), d.blob());
      n.put("present", d.present());
      return n;
    }
    TransferEvent.ManifestDone m = (TransferEvent.ManifestDone) e;
    ObjectNode n = EventStream.event("manifest_stored");
    n.put("digest", m.manifest().digest().toString());
    return n;
  }

  private static ObjectNode descriptor(ObjectNode n, Descriptor d) {
    n.put("digest", d.digest().toString());
    n.put("size", d.size());
    n.put("media_type", d.mediaType());
    return n;
  }

  private static @Nullable String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new InvalidRequestException("'" + field + "' must be a non-empty string");
    }
    return v.asText();
  }
}
