package io.galley.oci.distribution;

import static java.util.Objects.requireNonNull;

import io.galley.oci.name.OciReference;
import io.galley.oci.name.RepositoryName;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * One registry, reached over HTTPS; plain HTTP only for loopback or a registry the caller names
 * insecure, and then, as Docker does, only after HTTPS failed its handshake. {@code docker.io} is
 * reached at {@code registry-1.docker.io}.
 */
public final class RemoteRegistry {
  private static final String DOCKER_HUB_API = "registry-1.docker.io";

  private final RegistryTransport transport;

  private RemoteRegistry(RegistryTransport transport) {
    this.transport = transport;
  }

  /**
   * The registry {@code registry} ({@code host[:port]}, as an {@link OciReference} names it),
   * signed in with {@code credential}; {@code insecure} allows plain HTTP off loopback too.
   */
  public static RemoteRegistry connect(
      String registry, RegistryCredential credential, boolean insecure) {
    requireNonNull(registry, "registry");
    String host = registry.equals(OciReference.DOCKER_HUB) ? DOCKER_HUB_API : registry;
    URI https = URI.create("https://" + host);
    if (!insecure && !isLoopback(https)) {
      return new RemoteRegistry(new RegistryTransport(https, registry, credential));
    }
    RegistryTransport secure = new RegistryTransport(https, registry, credential);
    try {
      RegistryTransport.discard(
          secure.sendUnsigned(
              HttpRequest.newBuilder(https.resolve("/v2/")).timeout(Duration.ofSeconds(10)).GET()));
      return new RemoteRegistry(secure);
    } catch (RegistryException e) {
      if (e.getCause() instanceof SSLException) {
        URI http = URI.create("http://" + host);
        return new RemoteRegistry(new RegistryTransport(http, registry, credential));
      }
      throw e;
    }
  }

  /** A registry at a known base URI ({@code http://127.0.0.1:7070}): Galley's own /v2/. */
  public static RemoteRegistry at(URI base, String registry, RegistryCredential credential) {
    return new RemoteRegistry(new RegistryTransport(base, registry, credential));
  }

  public String name() {
    return transport.registry();
  }

  public RemoteRepository repository(RepositoryName repository) {
    return new RemoteRepository(transport, requireNonNull(repository, "repository"));
  }

  /**
   * {@code GET /v2/}: whether the registry speaks the distribution API and accepts the credential;
   * throws the registry's refusal otherwise.
   */
  public void check() {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(transport.resolve("/v2/")).timeout(Duration.ofSeconds(30)).GET();
    HttpResponse<InputStream> response = transport.send(request, "");
    if (response.statusCode() != 200) {
      throw transport.refusal(response, "GET /v2/");
    }
    RegistryTransport.discard(response);
  }

  static boolean isLoopback(URI uri) {
    String host = uri.getHost();
    if (host == null) {
      return false;
    }
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (bare.toLowerCase(Locale.ROOT).equals("localhost")) {
      return true;
    }
    // Only literal addresses: a name is not resolved, so DNS cannot make a host "loopback".
    if (!bare.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false;
    }
    try {
      return InetAddress.getByName(bare).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
