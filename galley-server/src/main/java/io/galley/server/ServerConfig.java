package io.galley.server;

import static java.util.Objects.requireNonNull;

import io.galley.server.http.ClientAddresses;
import io.galley.server.http.ConnectionLimits;
import java.time.Duration;
import java.util.List;

/**
 * How the server listens. Validated when built, fixed once the server runs.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>host</td><td>127.0.0.1</td><td>interface to bind; loopback unless told otherwise</td></tr>
 *   <tr><td>port</td><td>7070</td><td>TCP port; 0 picks a free one ({@link GalleyServer#start()}
 *       returns it)</td></tr>
 *   <tr><td>maxRequestBytes</td><td>32 MiB</td><td>largest JSON request body accepted; larger
 *       bodies get 413. Artifact uploads stream to the blob store and are not limited</td></tr>
 *   <tr><td>stopTimeout</td><td>10 s</td><td>how long {@link GalleyServer#stop()} lets in-flight
 *       requests finish</td></tr>
 *   <tr><td>allowedHosts</td><td>none</td><td>host names accepted in {@code Host} besides the
 *       addresses the server serves (a proxy's or a DNS name); {@code *} for any</td></tr>
 *   <tr><td>allowedOrigins</td><td>none</td><td>web origins besides the served hosts' pages
 *       allowed to call the API from a browser; {@code *} for any</td></tr>
 *   <tr><td>trustedProxies</td><td>none</td><td>addresses or ranges of proxies in front of the
 *       server, whose {@code X-Forwarded-For} names the client ({@link ClientAddresses})</td></tr>
 *   <tr><td>connections</td><td>{@link ConnectionLimits#DEFAULT}</td><td>open connections at most,
 *       idle timeout, slowest request body accepted</td></tr>
 * </table>
 */
public record ServerConfig(
    String host,
    int port,
    long maxRequestBytes,
    Duration stopTimeout,
    List<String> allowedHosts,
    List<String> allowedOrigins,
    List<String> trustedProxies,
    ConnectionLimits connections) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 7070;
  public static final long DEFAULT_MAX_REQUEST_BYTES = 32L * 1024 * 1024;
  public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);

  public ServerConfig {
    requireNonNull(host, "host");
    requireNonNull(stopTimeout, "stopTimeout");
    requireNonNull(connections, "connections");
    allowedHosts = List.copyOf(allowedHosts);
    allowedOrigins = List.copyOf(allowedOrigins);
    trustedProxies = List.copyOf(trustedProxies);
    new ClientAddresses(trustedProxies); // refuses what is not an address or a range
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
    }
    if (maxRequestBytes < 1024) {
      throw new IllegalArgumentException(
          "maxRequestBytes must be at least 1024, got " + maxRequestBytes);
    }
    if (stopTimeout.isNegative()) {
      throw new IllegalArgumentException("stopTimeout must not be negative, got " + stopTimeout);
    }
  }

  /** Loopback, port 7070, the default limits. */
  public static ServerConfig defaults() {
    return new ServerConfig(
        DEFAULT_HOST,
        DEFAULT_PORT,
        DEFAULT_MAX_REQUEST_BYTES,
        DEFAULT_STOP_TIMEOUT,
        List.of(),
        List.of(),
        List.of(),
        ConnectionLimits.DEFAULT);
  }

  public ServerConfig withHost(String newHost) {
    return new ServerConfig(
        newHost,
        port,
        maxRequestBytes,
        stopTimeout,
        allowedHosts,
        allowedOrigins,
        trustedProxies,
        connections);
  }

  public ServerConfig withPort(int newPort) {
    return new ServerConfig(
        host,
        newPort,
        maxRequestBytes,
        stopTimeout,
        allowedHosts,
        allowedOrigins,
        trustedProxies,
        connections);
  }

  public ServerConfig withMaxRequestBytes(long newMax) {
    return new ServerConfig(
        host, port, newMax, stopTimeout, allowedHosts, allowedOrigins, trustedProxies, connections);
  }

  public ServerConfig withStopTimeout(Duration newTimeout) {
    return new ServerConfig(
        host,
        port,
        maxRequestBytes,
        newTimeout,
        allowedHosts,
        allowedOrigins,
        trustedProxies,
        connections);
  }

  public ServerConfig withAllowedHosts(List<String> hosts) {
    return new ServerConfig(
        host,
        port,
        maxRequestBytes,
        stopTimeout,
        hosts,
        allowedOrigins,
        trustedProxies,
        connections);
  }

  public ServerConfig withAllowedOrigins(List<String> origins) {
    return new ServerConfig(
        host,
        port,
        maxRequestBytes,
        stopTimeout,
        allowedHosts,
        origins,
        trustedProxies,
        connections);
  }

  public ServerConfig withTrustedProxies(List<String> proxies) {
    return new ServerConfig(
        host,
        port,
        maxRequestBytes,
        stopTimeout,
        allowedHosts,
        allowedOrigins,
        proxies,
        connections);
  }

  public ServerConfig withConnections(ConnectionLimits newLimits) {
    return new ServerConfig(
        host,
        port,
        maxRequestBytes,
        stopTimeout,
        allowedHosts,
        allowedOrigins,
        trustedProxies,
        newLimits);
  }
}
