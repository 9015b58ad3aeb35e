package io.galley.cli;

import io.galley.client.ClientSettings;
import io.galley.client.GalleyClient;
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
