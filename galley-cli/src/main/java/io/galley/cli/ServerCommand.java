package io.galley.cli;

import io.galley.core.InvalidRequestException;
import io.galley.core.access.Permission;
import io.galley.core.blob.BlobStore;
import io.galley.server.GalleyServer;
import io.galley.server.ServerConfig;
import io.galley.server.http.ClientAddresses;
import io.galley.server.http.ConnectionLimits;
import io.galley.server.packaging.ServingRuntime;
import io.galley.server.ui.UiRoutes;
import io.galley.serving.ServingJars;
import io.galley.store.JdbcStore;
import io.galley.store.QueryLimits;
import io.galley.store.StoreConfig;
import io.galley.store.blob.FileBlobStore;
import io.galley.store.blob.S3BlobStore;
import io.galley.store.blob.S3Location;
import io.galley.store.disk.DiskSpace;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code galley server}: the daemon. Runs until SIGTERM / Ctrl-C, then stops gracefully. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description =
        "Run the Galley server: the tracking API, artifacts and the model registry, on H2 and"
            + " files by default.")
final class ServerCommand implements Callable<Integer> {

  @Option(
      names = "--host",
      defaultValue = "${env:GALLEY_HOST:-127.0.0.1}",
      description = "Address to bind (env GALLEY_HOST, default ${DEFAULT-VALUE}).")
  String host = "127.0.0.1";

  @Option(
      names = "--access-control",
      description =
          "Require every caller to sign in (HTTP Basic with a password or token, or a Bearer"
              + " token); needed to serve a non-loopback address.")
  boolean accessControl;

  @Option(
      names = "--init-admin",
      paramLabel = "NAME",
      description =
          "With --access-control and no user yet: create administrator NAME, with the password in"
              + " GALLEY_ADMIN_PASSWORD or, without it, a generated one shown once.")
  @Nullable String initAdmin;

  @Option(
      names = "--default-permission",
      paramLabel = "LEVEL",
      defaultValue = "${env:GALLEY_DEFAULT_PERMISSION:-READ}",
      description =
          "With --access-control: what a user may do with an experiment or registered model nobody"
              + " granted them anything on: NO_PERMISSIONS, READ, EDIT or MANAGE (env"
              + " GALLEY_DEFAULT_PERMISSION, default ${DEFAULT-VALUE}, as MLflow's).")
  String defaultPermission = "READ";

  @Option(
      names = "--insecure-open",
      description =
          "Serve a non-loopback address without access control: anyone who can reach it can"
              + " read and change everything. Warned at every start.")
  boolean insecureOpen;

  @Option(
      names = "--port",
      defaultValue = "${env:GALLEY_PORT:-7070}",
      description =
          "Port to listen on, 0 for any free one (env GALLEY_PORT, default ${DEFAULT-VALUE}).")
  int port = 7070;

  @Option(
      names = "--data-dir",
      defaultValue = "${env:GALLEY_DATA_DIR:-galley-data}",
      description =
          "Where the embedded database and artifact blobs (<dir>/blobs) live (env GALLEY_DATA_DIR, default ${DEFAULT-VALUE}).")
  Path dataDir = Path.of("galley-data");

  @Option(
      names = "--backend-store-uri",
      defaultValue = "${env:GALLEY_BACKEND_STORE_URI}",
      description =
          "Metadata store: postgresql://user:pass@host:port/db or a JDBC URL"
              + " (env GALLEY_BACKEND_STORE_URI, default: H2 inside the data dir).")
  @Nullable String backendStoreUri;

  @Option(
      names = "--artifacts-destination",
      defaultValue = "${env:GALLEY_ARTIFACTS_DESTINATION}",
      description =
          "Where artifact blobs go: s3://bucket/prefix for S3-compatible storage, with the endpoint"
              + " from AWS_ENDPOINT_URL and credentials and region as the AWS CLI finds them"
              + " (env GALLEY_ARTIFACTS_DESTINATION, default: <data-dir>/blobs).")
  @Nullable String artifactsDestination;

  @Option(
      names = "--allowed-hosts",
      split = ",",
      defaultValue = "${env:GALLEY_ALLOWED_HOSTS}",
      description =
          "Host names clients may use besides the addresses the server serves, e.g. a proxy's or"
              + " a DNS name; * for any (env GALLEY_ALLOWED_HOSTS, comma-separated).")
  List<String> allowedHosts = new ArrayList<>();

  @Option(
      names = "--trusted-proxies",
      split = ",",
      defaultValue = "${env:GALLEY_TRUSTED_PROXIES}",
      description =
          "Proxies in front of the server (addresses or CIDR ranges, e.g. 10.0.0.0/8) whose"
              + " X-Forwarded-For names the client, for sign-in slowing and the audit log (env"
              + " GALLEY_TRUSTED_PROXIES, comma-separated; default: none, the connection's"
              + " address is the client's).")
  List<String> trustedProxies = new ArrayList<>();

  @Option(
      names = "--cors-allowed-origins",
      split = ",",
      defaultValue = "${env:GALLEY_CORS_ALLOWED_ORIGINS}",
      description =
          "Web applications allowed to call the API from a browser, e.g. https://notebook.internal;"
              + " * for any (env GALLEY_CORS_ALLOWED_ORIGINS, comma-separated).")
  List<String> allowedOrigins = new ArrayList<>();

  @Option(
      names = "--model-servers",
      split = ",",
      paramLabel = "URL",
      defaultValue = "${env:GALLEY_MODEL_SERVERS}",
      description =
          "Model servers (galley serve) on other hosts that the web UI's try-it box may send"
              + " examples to, e.g. http://models.internal:8080; those on the browser's own machine"
              + " always may (env GALLEY_MODEL_SERVERS, comma-separated).")
  List<String> modelServers = new ArrayList<>();

  @Option(
      names = "--max-connections",
      defaultValue = "${env:GALLEY_MAX_CONNECTIONS:-4096}",
      description =
          "Open connections at most; past it new ones wait (env GALLEY_MAX_CONNECTIONS, default"
              + " ${DEFAULT-VALUE}).")
  int maxConnections;

  @Option(
      names = "--idle-timeout",
      defaultValue = "${env:GALLEY_IDLE_TIMEOUT:-30}",
      description =
          "Seconds a connection may send and receive nothing before it is closed (env"
              + " GALLEY_IDLE_TIMEOUT, default ${DEFAULT-VALUE}).")
  long idleTimeoutSeconds;

  @Option(
      names = "--min-request-rate",
      defaultValue = "${env:GALLEY_MIN_REQUEST_RATE:-1024}",
      description =
          "Slowest average rate, in bytes per second, at which a request body may arrive; slower"
              + " ones are cut with 408; 0 for no minimum (env GALLEY_MIN_REQUEST_RATE, default"
              + " ${DEFAULT-VALUE}).")
  long minRequestRate;

  @Option(
      names = "--min-free-disk",
      defaultValue = "${env:GALLEY_MIN_FREE_DISK:-256}",
      description =
          "MiB kept free on the disks of the data directory and the blob store: with less left,"
              + " requests that add data get 507 and /health says so, reads keep working (env"
              + " GALLEY_MIN_FREE_DISK, default ${DEFAULT-VALUE}; 0 turns it off).")
  long minFreeDiskMib;

  @Option(
      names = "--statement-timeout",
      defaultValue = "${env:GALLEY_STATEMENT_TIMEOUT:-30}",
      description =
          "Seconds one metadata-store statement may run before it is stopped and its request"
              + " answered 504 DEADLINE_EXCEEDED; 0 for no limit (env GALLEY_STATEMENT_TIMEOUT,"
              + " default ${DEFAULT-VALUE}).")
  long statementTimeoutSeconds;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new CliUsageException("--port must be between 0 and 65535, got " + port);
    }
    @Nullable S3Location s3Location = null;
    if (artifactsDestination != null && !artifactsDestination.isBlank()) {
      try {
        s3Location = S3Location.parse(artifactsDestination.strip());
      } catch (InvalidRequestException e) {
        throw new CliUsageException(e.getMessage());
      }
    }
    ConnectionLimits limits = connectionLimits();
    try {
      new ClientAddresses(nonBlank(trustedProxies));
    } catch (IllegalArgumentException e) {
      throw new CliUsageException("--trusted-proxies: " + e.getMessage());
    }
    try {
      new UiRoutes(nonBlank(modelServers));
    } catch (IllegalArgumentException e) {
      throw new CliUsageException("--model-servers: " + e.getMessage());
    }
    boolean loopback = isLoopback(host);
    if (!loopback && !accessControl && !insecureOpen) {
      throw new CliUsageException(
          "--host "
              + host
              + " is not a loopback address: anyone who can reach it could read and change"
              + " everything. Start with --access-control (and --init-admin NAME the first time),"
              + " or with --insecure-open to serve it open anyway.");
    }
    if (!loopback && !accessControl) {
      System.err.println(
          "WARNING: --insecure-open: Galley serves "
              + host
              + " with no access control; anyone who can reach it can read and change everything.");
    }
    refuseAnAddressInUse();
    createDataDir();
    StoreConfig storeConfig = StoreConfig.fromUri(backendStoreUri, dataDir);
    sayWhenTheDatabaseFileIsLarge();
    JdbcStore store = JdbcStore.open(storeConfig, queryLimits());
    GalleyServer server;
    try {
      if (accessControl) {
        FirstAdmin.ensure(store.identities(), initAdmin, System.getenv("GALLEY_ADMIN_PASSWORD"));
      }
      GalleyServer.Builder builder =
          GalleyServer.builder()
              .config(
                  ServerConfig.defaults()
                      .withHost(host)
                      .withPort(port)
                      .withAllowedHosts(nonBlank(allowedHosts))
                      .withAllowedOrigins(nonBlank(allowedOrigins))
                      .withTrustedProxies(nonBlank(trustedProxies))
                      .withConnections(limits))
              .store(store)
              .blobs(openBlobStore(s3Location))
              .disks(diskSpace(storeConfig, s3Location));
      builder.uiModelServers(nonBlank(modelServers));
      packaging(builder);
      if (accessControl) {
        builder.accessControl(
            store.identities(),
            store.permissions(),
            store.audit(),
            Permission.parse(defaultPermission));
      }
      server = builder.build();
      server.start();
      printWhereItIs(server.baseUri(), storeConfig);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.stop();
                  } finally {
                    store.close();
                  }
                  System.err.println("Galley stopped");
                  System.err.flush();
                  // A clean stop on SIGTERM exits 0 (not the JVM's 143) so that supervisors
                  // such as systemd or Kubernetes see a graceful exit.
                  Runtime.getRuntime().halt(0);
                },
                "galley-shutdown"));
    new CountDownLatch(1).await();
    return 0;
  }

  /**
   * Binds the address once and lets it go, before the data directory is created or migrated: a port
   * another process holds is said at once, by number, rather than as Jetty's failure seconds later.
   */
  private void refuseAnAddressInUse() {
    if (port == 0) {
      return;
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true); // as Jetty binds: a port in TIME_WAIT is free
      probe.bind(new InetSocketAddress(host, port));
    } catch (BindException e) {
      throw new CliFailureException(
          "Port "
              + port
              + " on "
              + host
              + " is in use: another Galley server or program listens there. Stop it, or choose"
              + " another port with --port (and point clients at it with GALLEY_TRACKING_URI).");
    } catch (IOException e) {
      throw new CliFailureException(
          "Cannot listen on " + host + ":" + port + " (--host, --port): " + e.getMessage());
    }
  }

  private void createDataDir() {
    Path absolute = dataDir.toAbsolutePath().normalize();
    if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
      throw new CliFailureException(
          "--data-dir "
              + absolute
              + " is a file, not a directory. Give --data-dir a directory (it is created if"
              + " missing).");
    }
    try {
      Files.createDirectories(absolute);
    } catch (IOException e) {
      throw new CliFailureException(
          "Cannot create --data-dir "
              + absolute
              + " ("
              + e.getClass().getSimpleName().replace("Exception", "")
              + ": "
              + e.getMessage()
              + "). Give --data-dir a directory this user can write.");
    }
    if (!Files.isWritable(absolute)) {
      throw new CliFailureException(
          "--data-dir "
              + absolute
              + " is not writable by this user. Give --data-dir a directory this user can write.");
    }
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new CliUsageException("--host " + host + " is not an address this machine knows");
    }
  }

  /**
   * Opening a large embedded database file may take the store up to half a minute when a kill left
   * it mostly dead chunks (it is compacted first): say so rather than sit silent.
   */
  private void sayWhenTheDatabaseFileIsLarge() {
    if (backendStoreUri != null && !backendStoreUri.isBlank()) {
      return;
    }
    Path file = dataDir.resolve("galley.mv.db");
    try {
      long size = Files.size(file);
      if (size >= 1L << 30) {
        System.err.printf(
            "Opening the metadata store (%.1f GB); compacting its file first, if it is mostly"
                + " unused space, takes up to 30 s%n",
            size / 1e9);
      }
    } catch (IOException e) {
      // No file yet, or one we cannot read: opening it says what is wrong.
    }
  }

  /** The first lines a user reads: where each face of the server is, and what it keeps where. */
  private void printWhereItIs(String base, StoreConfig storeConfig) {
    Path dir = dataDir.toAbsolutePath().normalize();
    PrintWriter out = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    out.println("Galley " + GalleyServer.version() + " is serving:");
    out.println("  web UI          " + base + "/");
    out.println(
        "  tracking API    "
            + base
            + "  (MLflow's REST API: set GALLEY_TRACKING_URI or MLFLOW_TRACKING_URI)");
    out.println("  image registry  " + base.substring("http://".length()) + "  (docker pull/push)");
    out.println("  data dir        " + dir);
    out.println("  metadata store  " + storeConfig.shownUrl());
    out.println(
        "  artifact blobs  "
            + (artifactsDestination == null || artifactsDestination.isBlank()
                ? dir.resolve("blobs").toString()
                : artifactsDestination.strip()));
  }

  private BlobStore openBlobStore(@Nullable S3Location s3Location) {
    if (s3Location == null) {
      return FileBlobStore.open(dataDir.resolve("blobs"));
    }
    // Puts spool here while they hash, before the upload.
    S3BlobStore blobs = S3BlobStore.open(s3Location, dataDir.resolve("s3-uploads"));
    blobs.checkAccess();
    return blobs;
  }

  private ConnectionLimits connectionLimits() {
    try {
      return new ConnectionLimits(
          maxConnections, Duration.ofSeconds(idleTimeoutSeconds), minRequestRate);
    } catch (IllegalArgumentException e) {
      throw new CliUsageException(
          "--max-connections, --idle-timeout and --min-request-rate: " + e.getMessage());
    }
  }

  private QueryLimits queryLimits() {
    if (statementTimeoutSeconds < 0) {
      throw new CliUsageException(
          "--statement-timeout must not be negative, got " + statementTimeoutSeconds);
    }
    return QueryLimits.DEFAULT.withStatementTimeout(Duration.ofSeconds(statementTimeoutSeconds));
  }

  /** The disks this server writes to, for readiness and the refusal of writes when short. */
  private DiskSpace diskSpace(StoreConfig storeConfig, @Nullable S3Location s3Location) {
    if (minFreeDiskMib < 0) {
      throw new CliUsageException("--min-free-disk must not be negative, got " + minFreeDiskMib);
    }
    List<DiskSpace.Disk> disks = new ArrayList<>();
    if (storeConfig.jdbcUrl().startsWith("jdbc:h2:file:")) {
      disks.add(new DiskSpace.Disk("metadata store", dataDir));
    }
    disks.add(
        new DiskSpace.Disk(
            "blob store",
            s3Location == null ? dataDir.resolve("blobs") : dataDir.resolve("s3-uploads")));
    return new DiskSpace(disks, minFreeDiskMib * 1024 * 1024);
  }

  /** An unset environment variable arrives as one empty value. */
  /**
   * Image builds need the model server's jars as the distribution holds them; run from a build's
   * class directories (as in some tests) the server simply does not build images.
   */
  private void packaging(GalleyServer.Builder builder) {
    ServingJars jars;
    try {
      jars = ServingJars.ofThisProcess();
    } catch (IllegalStateException e) {
      System.err.println("Image builds are off: " + e.getMessage());
      return;
    }
    builder.packaging(
        new ServingRuntime(ServingJars.MAIN_CLASS, jars.core(), jars.byFlavor()),
        dataDir.resolve("build"));
  }

  private static List<String> nonBlank(@Nullable List<String> values) {
    return values == null
        ? List.of()
        : values.stream().map(String::strip).filter(v -> !v.isEmpty()).toList();
  }
}
