package io.galley.server;

import static java.util.Objects.requireNonNull;

import io.galley.core.artifact.ArtifactIndex;
import io.galley.core.blob.BlobCollector;
import io.galley.core.blob.BlobStore;
import io.galley.core.registry.ModelRegistry;
import io.galley.core.tracking.TrackingStore;
import io.galley.oci.registry.ImageRegistry;
import io.galley.oci.registry.ImageRegistryStore;
import io.galley.server.galley.ExperimentSummaryRoutes;
import io.galley.server.galley.GcRoutes;
import io.galley.server.galley.LeaderboardRoutes;
import io.galley.server.mlflow.MlflowApi;
import io.galley.server.mlflow.json.WireJson;
import io.galley.server.oci.ImageRegistryAccess;
import io.galley.server.oci.ImageRegistryRoutes;
import io.galley.server.ui.UiRoutes;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Galley HTTP server: {@code GET /health}, {@code GET /version}, the MLflow REST API under
 * {@code /api/2.0/mlflow/} and {@code /ajax-api/2.0/mlflow/} (tracking and the model registry),
 * MLflow's artifact proxy under {@code /api/2.0/mlflow-artifacts/}, Galley's own {@code
 * /api/2.0/galley/} endpoints, the OCI Distribution API of the image registry under {@code /v2/},
 * and the web UI ({@code /}, {@code /ui/}). Start once, stop once; {@link #stop()} lets in-flight
 * requests finish for up to {@link ServerConfig#stopTimeout()}.
 */
public final class GalleyServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GalleyServer.class);

  private final ServerConfig config;
  private final Javalin app;
  private volatile int port = -1;

  /**
   * A server over the metadata store ({@code tracking}, {@code artifacts}, the model {@code
   * registry} and the image registry's {@code images}) and the blob store that holds the bytes of
   * artifacts, model files and images alike.
   */
  public GalleyServer(
      ServerConfig config,
      TrackingStore tracking,
      ArtifactIndex artifacts,
      ModelRegistry registry,
      ImageRegistryStore images,
      BlobStore blobs) {
    this(config, tracking, artifacts, registry, images, blobs, ImageRegistryAccess.OPEN);
  }

  /** As above, with {@code access} deciding every {@code /v2/} request. */
  public GalleyServer(
      ServerConfig config,
      TrackingStore tracking,
      ArtifactIndex artifacts,
      ModelRegistry registry,
      ImageRegistryStore images,
      BlobStore blobs,
      ImageRegistryAccess access) {
    requireNonNull(access, "access");
    this.config = requireNonNull(config, "config");
    requireNonNull(tracking, "tracking");
    requireNonNull(artifacts, "artifacts");
    requireNonNull(registry, "registry");
    requireNonNull(images, "images");
    requireNonNull(blobs, "blobs");
    byte[] versionJson = WireJson.write(Map.of("version", version()));
    // A model version keeps its files' digests, so they outlive a deletion of the run's
    // artifacts; the image registry keeps its linked blobs, manifests and upload chunks.
    BlobCollector collector =
        new BlobCollector(
            blobs,
            List.of(
                artifacts::forEachReferencedDigest,
                registry::forEachReferencedDigest,
                images::forEachReferencedDigest),
            Clock.systemUTC());
    ImageRegistry imageRegistry = new ImageRegistry(images, blobs, Clock.systemUTC());
    this.app =
        Javalin.create(
            cfg -> {
              cfg.showJavalinBanner = false;
              cfg.startupWatcherEnabled = false;
              cfg.http.maxRequestSize = config.maxRequestBytes();
              cfg.http.prefer405over404 = true;
              cfg.router.ignoreTrailingSlashes = true;
              cfg.jetty.modifyServer(
                  server -> {
                    // Jetty finishes in-flight requests on stop only with a StatisticsHandler.
                    server.setHandler(new StatisticsHandler());
                    server.setStopTimeout(config.stopTimeout().toMillis());
                    server.setStopAtShutdown(false);
                    server.setErrorHandler(new JettyErrors());
                  });
              cfg.router.mount(
                  routing -> {
                    routing.get("/health", ctx -> ctx.contentType("text/plain").result("OK"));
                    routing.get(
                        "/version", ctx -> ctx.contentType("application/json").result(versionJson));
                    MlflowApi.mount(
                        routing, tracking, artifacts, registry, blobs, config.maxRequestBytes());
                    new LeaderboardRoutes(tracking).mount(routing);
                    new ExperimentSummaryRoutes(tracking).mount(routing);
                    new GcRoutes(collector, imageRegistry).mount(routing);
                    new ImageRegistryRoutes(imageRegistry, access).mount(routing);
                    new UiRoutes().mount(routing);
                    ErrorMapper.install(routing);
                  });
            });
  }

  /** Binds and starts serving; returns the bound port (the chosen one when configured as 0). */
  public synchronized int start() {
    if (port >= 0) {
      throw new IllegalStateException("GalleyServer already started");
    }
    app.start(config.host(), config.port());
    port = app.port();
    LOG.info("Galley listening on http://{}:{}", hostForUrl(config.host()), port);
    return port;
  }

  /** The bound port; -1 before {@link #start()}. */
  public int port() {
    return port;
  }

  /** Stops accepting connections, lets in-flight requests finish, then stops. */
  public synchronized void stop() {
    app.stop();
  }

  @Override
  public void close() {
    stop();
  }

  /** Galley's version, from a resource Maven filters at build time. */
  public static String version() {
    Properties p = new Properties();
    try (InputStream in = GalleyServer.class.getResourceAsStream("galley-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("version", "unknown");
  }

  private static String hostForUrl(String host) {
    return host.contains(":") ? "[" + host + "]" : host;
  }
}
