package io.galley.serving.http;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How {@code galley serve} listens: address and port (0 for any free one), the largest request
 * body, whether each request is logged, how long a stop waits for requests in flight, and which web
 * pages may call it from a browser.
 */
public record ServingConfig(
    String host,
    int port,
    long maxBodyBytes,
    boolean accessLog,
    Duration drainTimeout,
    CrossOrigins crossOrigins) {

  /**
   * 100 MiB: a batch of a few hundred thousand rows (MLflow's image stops at 5 MB, mlflow#6825).
   */
  public static final long DEFAULT_MAX_BODY_BYTES = 100L << 20;

  public ServingConfig {
    requireNonNull(host, "host");
    requireNonNull(drainTimeout, "drainTimeout");
    requireNonNull(crossOrigins, "crossOrigins");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("a port is 0..65535, got " + port);
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("the body limit must be at least 1 byte");
    }
  }

  /**
   * Loopback, port 8080, 100 MiB bodies, access log on, 10 s to drain (docker stop's grace), pages
   * on the browser's own machine only.
   */
  public static ServingConfig defaults() {
    return new ServingConfig(
        "127.0.0.1",
        8080,
        DEFAULT_MAX_BODY_BYTES,
        true,
        Duration.ofSeconds(10),
        CrossOrigins.loopbackOnly());
  }

  public ServingConfig withHost(String h) {
    return new ServingConfig(h, port, maxBodyBytes, accessLog, drainTimeout, crossOrigins);
  }

  public ServingConfig withPort(int p) {
    return new ServingConfig(host, p, maxBodyBytes, accessLog, drainTimeout, crossOrigins);
  }

  public ServingConfig withMaxBodyBytes(long bytes) {
    return new ServingConfig(host, port, bytes, accessLog, drainTimeout, crossOrigins);
  }

  public ServingConfig withAccessLog(boolean on) {
    return new ServingConfig(host, port, maxBodyBytes, on, drainTimeout, crossOrigins);
  }

  public ServingConfig withDrainTimeout(Duration d) {
    return new ServingConfig(host, port, maxBodyBytes, accessLog, d, crossOrigins);
  }

  public ServingConfig withCrossOrigins(CrossOrigins origins) {
    return new ServingConfig(host, port, maxBodyBytes, accessLog, drainTimeout, origins);
  }
}
