package io.galley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.client.GalleyClient;
import io.galley.oci.distribution.RemoteRegistry;
import java.net.URI;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every client verb that prints results shares: where the server is and how to print. */
final class TrackingOptions {
  @Mixin ServerLocation server = new ServerLocation();

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "Output: table or json (default ${DEFAULT-VALUE}).")
  OutputFormat format = OutputFormat.table;

  enum OutputFormat {
    table,
    json
  }

  /** See {@link ServerLocation#client()}. */
  GalleyClient client() {
    return server.client();
  }

  /** See {@link ServerLocation#imageRegistry()}. */
  RemoteRegistry imageRegistry() {
    return server.imageRegistry();
  }

  /** See {@link ServerLocation#registryHost()}. */
  String registryHost() {
    return server.registryHost();
  }

  /** {@code HOST:PORT/REPO:TAG} of the image a build event names (its repository and tag). */
  String imageRef(JsonNode image) {
    return registryHost()
        + "/"
        + image.path("repository").asText()
        + ":"
        + image.path("tag").asText();
  }

  /** See {@link ServerLocation#uri()}. */
  URI uri() {
    return server.uri();
  }
}
