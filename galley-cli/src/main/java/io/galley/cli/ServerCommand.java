package io.galley.cli;

import io.galley.core.InvalidRequestException;
import io.galley.core.blob.BlobStore;
import io.galley.server.GalleyServer;
import io.galley.server.ServerConfig;
import io.galley.store.JdbcStore;
import io.galley.store.StoreConfig;
import io.galley.store.blob.FileBlobStore;
import io.galley.store.blob.S3BlobStore;
import io.galley.store.blob.S3Location;
import java.nio.file.Files;
import java.nio.file.Path;
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
    Files.createDirectories(dataDir);
    JdbcStore store = JdbcStore.open(StoreConfig.fromUri(backendStoreUri, dataDir));
    GalleyServer server;
    try {
      server =
          GalleyServer.builder()
              .config(ServerConfig.defaults().withHost(host).withPort(port))
              .store(store)
              .blobs(openBlobStore(s3Location))
              .build();
      server.start();
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

  private BlobStore openBlobStore(@Nullable S3Location s3Location) {
    if (s3Location == null) {
      return FileBlobStore.open(dataDir.resolve("blobs"));
    }
    // Puts spool here while they hash, before the upload.
    S3BlobStore blobs = S3BlobStore.open(s3Location, dataDir.resolve("s3-uploads"));
    blobs.checkAccess();
    return blobs;
  }
}
