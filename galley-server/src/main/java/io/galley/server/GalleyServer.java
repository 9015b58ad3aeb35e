package io.galley.server;

import static java.util.Objects.requireNonNull;

import io.galley.client.mlflow.WireJson;
import io.galley.core.access.AuditLog;
import io.galley.core.access.IdentityStore;
import io.galley.core.access.Permission;
import io.galley.core.access.PermissionStore;
import io.galley.core.artifact.ArtifactIndex;
import io.galley.core.blob.BlobCollector;
import io.galley.core.blob.BlobStore;
import io.galley.core.blob.ReferenceSource;
import io.galley.core.registry.ModelRegistry;
import io.galley.core.tracing.TraceStore;
import io.galley.core.tracking.TrackingStore;
import io.galley.oci.base.JavaRuntimeBase;
import io.galley.oci.distribution.DockerCredentials;
import io.galley.oci.layer.LayerWriter;
import io.galley.oci.registry.ImageRegistry;
import io.galley.oci.registry.ImageRegistryStore;
import io.galley.server.access.AccessGuard;
import io.galley.server.access.AccessRoutes;
import io.galley.server.access.AuditTrail;
import io.galley.server.access.Authenticator;
import io.galley.server.access.RegistryPermissions;
import io.galley.server.access.RegistryTokenRoutes;
import io.galley.server.access.RegistryTokens;
import io.galley.server.access.ResourcePermissions;
import io.galley.server.access.WebSessions;
import io.galley.server.gc.GcRoutes;
import io.galley.server.health.FullDiskGuard;
import io.galley.server.health.Readiness;
import io.galley.server.http.ClientAddresses;
import io.galley.server.http.ConnectionLimits;
import io.galley.server.http.CrossSiteGuard;
import io.galley.server.http.RequestIds;
import io.galley.server.http.SlowClients;
import io.galley.server.mlflow.MlflowApi;
import io.galley.server.mlflow.traces.TraceRoutes;
import io.galley.server.oci.ImageListRoutes;
import io.galley.server.oci.ImagePullRoutes;
import io.galley.server.oci.ImagePulls;
import io.galley.server.oci.ImageRegistryAccess;
import io.galley.server.oci.ImageRegistryRoutes;
import io.galley.server.overview.ExperimentSummaryRoutes;
import io.galley.server.overview.LeaderboardRoutes;
import io.galley.server.packaging.ImageBuildRoutes;
import io.galley.server.packaging.ModelImages;
import io.galley.server.packaging.ServingRuntime;
import io.galley.server.ui.UiRoutes;
import io.galley.store.JdbcStore;
import io.galley.store.disk.DiskSpace;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.jspecify.annotations.Nullable;
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
  private final @Nullable AuditTrail audit;
  private volatile int port = -1;

  /**
   * A route the server serves: its HTTP method and path pattern ({@code {param}}, {@code <param>},
   * {@code *}).
   */
  public record Route(String method, String path) {}

  /** Every HTTP route registered, for tests that must cover them all (access control). */
  public List<Route> routes() {
    List<Route> routes = new ArrayList<>();
    for (var endpoint : app.unsafe.internalRouter.allHttpHandlers()) {
      if (endpoint.endpoint.method.isHttpMethod()) {
        routes.add(new Route(endpoint.endpoint.method.name(), endpoint.endpoint.path));
      }
    }
    return routes;
  }

  /** A builder: the store and blob store are required, the rest has defaults. */
  public static Builder builder() {
    return new Builder();
  }

  private GalleyServer(Builder b) {
    ServerConfig config = b.config;
    TrackingStore tracking = required(b.tracking, "tracking");
    ArtifactIndex artifacts = required(b.artifacts, "artifacts");
    ModelRegistry registry = required(b.modelRegistry, "modelRegistry");
    ImageRegistryStore images = required(b.images, "images");
    BlobStore blobs = required(b.blobs, "blobs");
    TraceStore traces = b.traces;
    IdentityStore identities = b.identities;
    ResourcePermissions permissions = b.permissions;
    UiRoutes ui = b.ui;
    Authenticator authenticator =
        identities == null ? null : new Authenticator(identities, Clock.systemUTC());
    if (authenticator != null) {
      permissions.onChange(authenticator::forgetSignIns);
    }
    AccessGuard guard =
        authenticator == null ? null : new AccessGuard(authenticator, Clock.systemUTC());
    RegistryPermissions registryPermissions =
        permissions
            .store()
            .filter(p -> guard != null)
            .map(
                p ->
                    new RegistryPermissions(
                        p,
                        permissions,
                        new RegistryTokens(
                            RegistryTokens.decodeKey(
                                p.signingKey(RegistryTokens.KEY_NAME, RegistryTokens::newKey)),
                            Clock.systemUTC()),
                        images))
            .orElse(null);
    ImageRegistryAccess access =
        b.imageAccess != null
            ? b.imageAccess
            : registryPermissions != null ? registryPermissions : ImageRegistryAccess.OPEN;
    this.config = config;
    AuditTrail audit = b.audit == null ? null : new AuditTrail(b.audit, Clock.systemUTC());
    this.audit = audit;
    byte[] versionJson = WireJson.write(Map.of("version", version()));
    // A model version keeps its files' digests, so they outlive a deletion of the run's
    // artifacts; the image registry keeps its linked blobs, manifests and upload chunks.
    // So do traces their data files.
    List<ReferenceSource> references = new ArrayList<>();
    references.add(artifacts::forEachReferencedDigest);
    references.add(registry::forEachReferencedDigest);
    references.add(images::forEachReferencedDigest);
    if (traces != null) {
      references.add(traces::forEachReferencedDigest);
    }
    BlobCollector collector = new BlobCollector(blobs, references, Clock.systemUTC());
    ImageRegistry imageRegistry = new ImageRegistry(images, blobs, Clock.systemUTC());
    ModelImages modelImages =
        b.servingRuntime == null || b.buildScratch == null
            ? null
            : new ModelImages(
                tracking,
                artifacts,
                registry,
                blobs,
                imageRegistry,
                b.servingRuntime,
                JavaRuntimeBase.ofThisJvm(),
                b.buildScratch,
                LayerWriter.sourceDate(System.getenv()));
    JettyErrors jettyErrors = new JettyErrors();
    ConnectionLimits limits = config.connections();
    DiskSpace disks = b.disks;
    Readiness readiness = new Readiness(b.storeProbe, blobs, disks);
    this.app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.startup.startupWatcherEnabled = false;
              cfg.http.maxRequestSize = config.maxRequestBytes();
              cfg.http.prefer405over404 = true;
              cfg.router.ignoreTrailingSlashes = true;
              // A request refused before its body is read (a 413 on Content-Length, a 405) is
              // answered, then Jetty 12 reads and drops what is left of the body so the client
              // reads the answer instead of a reset; 1024 reads drain some MiB, past which the
              // connection closes.
              cfg.jetty.modifyHttpConfiguration(
                  http -> http.setMaxUnconsumedRequestContentReads(1024));
              // The servlet context refuses ambiguous paths itself: same JSON bodies there.
              cfg.jetty.addConnector(
                  (server, http) ->
                      SlowClients.connector(server, http, config.host(), config.port(), limits));
              cfg.jetty.modifyServletContextHandler(
                  context -> context.setErrorHandler(jettyErrors));
              cfg.jetty.modifyServer(
                  server -> {
                    // Jetty 12 finishes in-flight requests on stop only under a GracefulHandler
                    // (Javalin puts its own handler inside the wrapper it finds).
                    server.setHandler(new GracefulHandler(SlowClients.handlers(limits)));
                    server.addBean(new NetworkConnectionLimit(limits.maxConnections(), server));
                    server.setStopTimeout(config.stopTimeout().toMillis());
                    server.setStopAtShutdown(false);
                    server.setErrorHandler(jettyErrors);
                  });
              // Sign-in slowing and the audit trail key on ctx.ip(): behind a trusted proxy, the
              // client it forwards for.
              ClientAddresses clients = new ClientAddresses(config.trustedProxies());
              cfg.contextResolver.ip = clients::of;
              RoutesConfig routing = cfg.routes;
              CrossSiteGuard crossSite =
                  new CrossSiteGuard(config.host(), config.allowedHosts(), config.allowedOrigins());
              routing.before(RequestIds::assign);
              routing.before(crossSite::check);
              if (guard != null) {
                routing.before(guard::check);
              }
              if (audit != null) {
                audit.mount(routing);
              }
              routing.before(new FullDiskGuard(disks)::check);
              routing.get("/health", readiness::answer);
              routing.get(
                  "/version", ctx -> ctx.contentType("application/json").result(versionJson));
              if (traces != null) {
                // Before the artifact proxy, whose catch-all path would take traces' data files.
                new TraceRoutes(traces, blobs, config.maxRequestBytes(), permissions)
                    .mount(routing);
              }
              MlflowApi.mount(
                  routing,
                  tracking,
                  artifacts,
                  registry,
                  blobs,
                  config.maxRequestBytes(),
                  permissions);
              new LeaderboardRoutes(tracking, permissions).mount(routing);
              new ExperimentSummaryRoutes(tracking, permissions).mount(routing);
              new GcRoutes(collector, imageRegistry).mount(routing);
              new AccessRoutes(identities, permissions, Clock.systemUTC()).mount(routing);
              new WebSessions(identities, guard, permissions, Clock.systemUTC()).mount(routing);
              if (registryPermissions != null && guard != null) {
                new RegistryTokenRoutes(registryPermissions, guard).mount(routing);
              }
              new ImageRegistryRoutes(imageRegistry, access).mount(routing);
              new ImageBuildRoutes(registry, modelImages, permissions, access).mount(routing);
              new ImageListRoutes(imageRegistry, access).mount(routing);
              new ImagePullRoutes(
                      new ImagePulls(
                          imageRegistry,
                          DockerCredentials.fromEnvironment(System.getenv())::forRegistry),
                      access)
                  .mount(routing);
              ui.mount(routing);
              ErrorMapper.install(routing);
            });
  }

  /** Binds and starts serving; returns the bound port (the chosen one when configured as 0). */
  public synchronized int start() {
    if (port >= 0) {
      throw new IllegalStateException("GalleyServer already started");
    }
    app.start();
    port = app.port();
    LOG.info("Galley listening on {}", baseUri());
    return port;
  }

  /** {@code http://<host>:<bound port>}, with an IPv6 host in brackets; after {@link #start()}. */
  public String baseUri() {
    return "http://" + hostForUrl(config.host()) + ":" + port;
  }

  /** The bound port; -1 before {@link #start()}. */
  public int port() {
    return port;
  }

  /** Stops accepting connections, lets in-flight requests finish, then stops. */
  public synchronized void stop() {
    app.stop();
    if (audit != null) {
      audit.close(); // after the last request: its event is queued by then
    }
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

  private static <T> T required(@Nullable T value, String name) {
    if (value == null) {
      throw new IllegalStateException("GalleyServer.builder(): " + name + " is not set");
    }
    return value;
  }

  /**
   * What a server is made of: its settings, the metadata store's parts ({@code tracking}, {@code
   * artifacts}, the {@code modelRegistry}, the image registry's {@code images}), the blob store
   * that holds the bytes of artifacts, model files and images alike, and who may use the image
   * registry. {@link #store(JdbcStore)} sets the store parts (traces too) at once; a test may then
   * wrap one.
   */
  public static final class Builder {
    private ServerConfig config = ServerConfig.defaults();
    private @Nullable TrackingStore tracking;
    private @Nullable ArtifactIndex artifacts;
    private @Nullable ModelRegistry modelRegistry;
    private @Nullable ImageRegistryStore images;
    private @Nullable BlobStore blobs;
    private @Nullable TraceStore traces;
    private @Nullable IdentityStore identities;
    private ResourcePermissions permissions = ResourcePermissions.open();
    private @Nullable AuditLog audit;
    private @Nullable ImageRegistryAccess imageAccess;
    private DiskSpace disks = DiskSpace.none();
    private UiRoutes ui = new UiRoutes();
    private @Nullable ServingRuntime servingRuntime;
    private @Nullable Path buildScratch;
    private @Nullable Runnable storeProbe;

    private Builder() {}

    /** Host, port, limits; {@link ServerConfig#defaults()} unless set. */
    public Builder config(ServerConfig config) {
      this.config = requireNonNull(config, "config");
      return this;
    }

    /** Every metadata port from one relational store. */
    public Builder store(JdbcStore store) {
      requireNonNull(store, "store");
      this.storeProbe = store::ping;
      return tracking(store.tracking())
          .artifacts(store.artifacts())
          .modelRegistry(store.modelRegistry())
          .images(store.imageRegistry())
          .traces(store.traces());
    }

    public Builder tracking(TrackingStore tracking) {
      this.tracking = requireNonNull(tracking, "tracking");
      return this;
    }

    public Builder artifacts(ArtifactIndex artifacts) {
      this.artifacts = requireNonNull(artifacts, "artifacts");
      return this;
    }

    public Builder modelRegistry(ModelRegistry modelRegistry) {
      this.modelRegistry = requireNonNull(modelRegistry, "modelRegistry");
      return this;
    }

    public Builder images(ImageRegistryStore images) {
      this.images = requireNonNull(images, "images");
      return this;
    }

    /** MLflow's traces; without them the trace endpoints are not served. */
    public Builder traces(TraceStore traces) {
      this.traces = requireNonNull(traces, "traces");
      return this;
    }

    public Builder blobs(BlobStore blobs) {
      this.blobs = requireNonNull(blobs, "blobs");
      return this;
    }

    /**
     * Turns access control on: every request but {@code /health} and {@code /version} must sign in
     * as one of these users (see {@link AccessGuard}), and may then do with each experiment and
     * registered model what {@code permissions} grant, else {@code defaultPermission} (see {@link
     * ResourcePermissions}). Without it the server is open, as on loopback by default.
     */
    public Builder accessControl(
        IdentityStore identities,
        PermissionStore permissions,
        AuditLog audit,
        Permission defaultPermission) {
      this.identities = requireNonNull(identities, "identities");
      this.permissions = ResourcePermissions.of(permissions, defaultPermission);
      this.audit = requireNonNull(audit, "audit");
      return this;
    }

    /**
     * Decides every {@code /v2/} request, in place of the default: {@link RegistryPermissions} with
     * access control on, {@link ImageRegistryAccess#OPEN} without.
     */
    public Builder imageAccess(ImageRegistryAccess imageAccess) {
      this.imageAccess = requireNonNull(imageAccess, "imageAccess");
      return this;
    }

    /**
     * The disks the stores write to and the room kept free on them: {@code /health} reports a
     * shortage and requests that add data are refused while it lasts. None unless set.
     */
    public Builder disks(DiskSpace disks) {
      this.disks = requireNonNull(disks, "disks");
      return this;
    }

    /**
     * Model servers ({@code galley serve}) on other hosts, as origins, that the web UI's try-it box
     * may post examples to; those on the browser's own machine always may. None unless set.
     *
     * @throws IllegalArgumentException naming an entry that is not such an origin
     */
    public Builder uiModelServers(List<String> origins) {
      this.ui = new UiRoutes(origins);
      return this;
    }

    /**
     * The model server that {@code images/build} puts into images, and where builds keep their
     * layers until they are stored. Without it the server does not build images (501).
     */
    public Builder packaging(ServingRuntime runtime, Path scratchDir) {
      this.servingRuntime = requireNonNull(runtime, "runtime");
      this.buildScratch = requireNonNull(scratchDir, "scratchDir");
      return this;
    }

    /** The server, not yet started. */
    public GalleyServer build() {
      return new GalleyServer(this);
    }
  }

  private static String hostForUrl(String host) {
    return host.contains(":") ? "[" + host + "]" : host;
  }
}
