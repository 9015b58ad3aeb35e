package io.galley.testing.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's reference registry ({@code docker-registry}, CNCF distribution 2.8) on a free loopback
 * port, storing into a filesystem directory under {@code dir}, with deletes enabled. {@link
 * #start(Path)} returns once {@code GET /v2/} answers 200; {@link #close()} stops it. Skips the
 * calling test when docker-registry is not installed (fails with GALLEY_REQUIRE_ALL=1).
 */
public final class ReferenceRegistry implements AutoCloseable {
  /** The user {@link #startWithBasicAuth} lets in, with {@link #PASSWORD}. */
  public static final String USER = "galley-test";

  public static final String PASSWORD = "reg-secret";

  // bcrypt of PASSWORD (distribution's htpasswd takes only bcrypt), made once with Python's crypt.
  private static final String PASSWORD_BCRYPT =
      "$2b$12$4jrJmCVo3vpTqvLdFn9NNOiesAfQTTiOrmN0K1enNChUhMga5qw/a";

  private final Process process;
  private final int port;
  private final Path storage;
  private final Path log;

  private ReferenceRegistry(Process process, int port, Path storage, Path log) {
    this.process = process;
    this.port = port;
    this.storage = storage;
    this.log = log;
  }

  public static ReferenceRegistry start(Path dir) {
    return start(dir, false);
  }

  /** A registry that answers only {@link #USER} with {@link #PASSWORD}, by HTTP Basic. */
  public static ReferenceRegistry startWithBasicAuth(Path dir) {
    return start(dir, true);
  }

  private static ReferenceRegistry start(Path dir, boolean basicAuth) {
    Path binary = SystemTools.require("docker-registry");
    try {
      Files.createDirectories(dir);
      Path storage = Files.createDirectories(dir.resolve("storage"));
      Path config = dir.resolve("config.yml");
      Path log = dir.resolve("registry.log");
      String auth = "";
      if (basicAuth) {
        Path htpasswd = dir.resolve("htpasswd");
        Files.writeString(htpasswd, USER + ":" + PASSWORD_BCRYPT + "\n");
        auth =
            String.join(
                "\n",
                "auth:",
                "  htpasswd:",
                "    realm: galley-test",
                "    path: " + htpasswd,
                "");
      }
      for (int attempt = 1; ; attempt++) {
        int port = freePort();
        Files.writeString(
            config,
            String.join(
                "\n",
                "version: 0.1",
                "log:",
                "  level: info",
                "  accesslog:",
                "    disabled: false",
                "storage:",
                "  filesystem:",
                "    rootdirectory: " + storage,
                "  delete:",
                "    enabled: true",
                "  maintenance:",
                "    uploadpurging:",
                "      enabled: false",
                "http:",
                "  addr: 127.0.0.1:" + port,
                auth));
        Process p =
            new ProcessBuilder(binary.toString(), "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        ReferenceRegistry registry = new ReferenceRegistry(p, port, storage, log);
        if (registry.awaitReady(Duration.ofSeconds(15))) {
          return registry;
        }
        registry.close();
        if (attempt == 3) {
          throw new IllegalStateException(
              "docker-registry did not answer GET /v2/ on port "
                  + port
                  + "; its log:\n"
                  + Files.readString(log));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean awaitReady(Duration max) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest ping =
        HttpRequest.newBuilder(URI.create(base() + "/v2/")).timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        return false; // e.g. the port was taken between freePort() and the bind
      }
      try {
        int status = client.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status == 200 || status == 401) {
          return true;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  public String host() {
    return "127.0.0.1:" + port;
  }

  public String name() {
    return "docker-registry";
  }

  /** Distribution 2.8 appends a PATCH's body whatever its Content-Range says. */
  public boolean checksContentRange() {
    return false;
  }

  public URI base() {
    return URI.create("http://" + host());
  }

  public int port() {
    return port;
  }

  /** The registry's filesystem storage root ({@code docker/registry/v2/...} below it). */
  public Path storage() {
    return storage;
  }

  public Path log() {
    return log;
  }

  /** Polls the upload sessions' {@code data} files of {@code repository} until one is non-empty. */
  public boolean awaitUploadStarted(String repository, Duration max) throws InterruptedException {
    Path uploads =
        storage.resolve("docker/registry/v2/repositories").resolve(repository).resolve("_uploads");
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      if (uploadedBytes(uploads) > 0) {
        return true;
      }
      Thread.sleep(10);
    }
    return false;
  }

  private static long uploadedBytes(Path uploads) {
    if (!Files.isDirectory(uploads)) {
      return 0;
    }
    try (Stream<Path> sessions = Files.list(uploads)) {
      return sessions
          .map(s -> s.resolve("data"))
          .filter(Files::isRegularFile)
          .mapToLong(
              f -> {
                try {
                  return Files.size(f);
                } catch (IOException e) {
                  return 0; // the session finished meanwhile
                }
              })
          .sum();
    } catch (IOException e) {
      return 0;
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
