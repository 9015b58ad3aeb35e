package io.galley.cli;

import io.galley.client.ClientSettings;
import io.galley.client.GalleyClient;
import io.galley.oci.distribution.RegistryCredential;
import io.galley.oci.distribution.RemoteRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where the Galley server is, and a client of it: the option every verb that calls it takes. */
final class ServerLocation {
  @Option(
      names = "--tracking-uri",
      defaultValue = "${env:GALLEY_TRACKING_URI:-http://127.0.0.1:7070}",
      description = "Galley server (env GALLEY_TRACKING_URI, default ${DEFAULT-VALUE}).")
  String trackingUri = "http://127.0.0.1:7070";

  /**
   * A client of the server that makes one attempt per request: a CLI user wants "server
   * unreachable" at once, not after a minute of retries. It signs in with {@code GALLEY_TOKEN} (or
   * {@code GALLEY_TRACKING_TOKEN}, {@code MLFLOW_TRACKING_TOKEN}) when one is set, with {@code
   * GALLEY_USERNAME} / {@code GALLEY_PASSWORD}, else with the token {@code galley login} saved.
   */
  GalleyClient client() {
    Map<String, String> env = System.getenv();
    Optional<Map.Entry<String, String>> basic = ClientSettings.basicAuth(env);
    return GalleyClient.builder(uri())
        .retryTimeout(Duration.ZERO)
        .userAgent("galley-cli")
        .token(ClientSettings.token(env, uri()).orElse(null))
        .basicAuth(
            basic.map(Map.Entry::getKey).orElse(null), basic.map(Map.Entry::getValue).orElse(null))
        .build();
  }

  /**
   * Galley's own {@code /v2/}, read over HTTP as any registry client would, signed in as {@link
   * #client()} is: a token is sent as is, a user and password answer the registry's challenge.
   */
  RemoteRegistry imageRegistry() {
    Map<String, String> env = System.getenv();
    URI uri = uri();
    Optional<String> token = ClientSettings.token(env, uri);
    Optional<Map.Entry<String, String>> basic = ClientSettings.basicAuth(env);
    RegistryCredential credential =
        token
            .<RegistryCredential>map(RegistryCredential.Bearer::new)
            .or(() -> basic.map(b -> new RegistryCredential.Basic(b.getKey(), b.getValue())))
            .orElse(RegistryCredential.ANONYMOUS);
    return RemoteRegistry.at(uri, registryHost(), credential);
  }

  /** {@code host:port} of the server, as image references on it begin. */
  String registryHost() {
    URI uri = uri();
    return uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }

  /** The server's base URI, ending in a slash; a usage error when it is not http(s). */
  URI uri() {
    URI uri;
    try {
      uri = URI.create(trackingUri.endsWith("/") ? trackingUri : trackingUri + "/");
    } catch (IllegalArgumentException e) {
      throw new CliUsageException("--tracking-uri is not a URI: " + trackingUri);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new CliUsageException("--tracking-uri must be http(s)://host:port, got " + trackingUri);
    }
    return uri;
  }
}
