package io.galley.oci.distribution;

import io.galley.core.blob.Digest;
import io.galley.oci.image.Descriptor;
import io.galley.oci.layer.LayerEntry;
import io.galley.oci.name.RepositoryName;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@code POST /v2/<name>/blobs/uploads/} then {@code PUT <location>?digest=}: one blob in one
 * request, its length known. A cross-repository mount ({@code ?mount=&from=}) is tried first when
 * the blob may already be in the same registry; a 202 to it is an ordinary upload session.
 */
final class BlobPush {
  private BlobPush() {}

  static void push(
      RegistryTransport transport,
      RepositoryName repository,
      Descriptor blob,
      LayerEntry.Content content) {
    URI location = start(transport, repository);
    String sep = location.getRawQuery() == null ? "?" : "&";
    URI put =
        URI.create(
            location
                + sep
                + "digest="
                + URLEncoder.encode(blob.digest().toString(), StandardCharsets.UTF_8));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(put)
            .header("Content-Type", "application/octet-stream")
            .PUT(
                HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(() -> open(content)), blob.size()));
    HttpResponse<InputStream> response = transport.send(request, Scopes.push(repository));
    if (response.statusCode() != 201) {
      throw transport.refusal(response, "push of blob " + blob.digest() + " to " + repository);
    }
    RegistryTransport.discard(response);
  }

  /** True when the registry mounted {@code digest} from {@code from}; false if it must be sent. */
  static boolean mount(
      RegistryTransport transport, RepositoryName repository, Digest digest, RepositoryName from) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                transport.resolve(
                    "/v2/" + repository + "/blobs/uploads/?mount=" + digest + "&from=" + from))
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.noBody());
    HttpResponse<InputStream> response =
        transport.send(request, Scopes.push(repository) + " " + Scopes.pull(from));
    RegistryTransport.discard(response);
    return response.statusCode() == 201;
  }

  private static URI start(RegistryTransport transport, RepositoryName repository) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(transport.resolve("/v2/" + repository + "/blobs/uploads/"))
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.noBody());
    HttpResponse<InputStream> response = transport.send(request, Scopes.push(repository));
    if (response.statusCode() != 202) {
      throw transport.refusal(response, "upload to " + repository);
    }
    RegistryTransport.discard(response);
    String location =
        response
            .headers()
            .firstValue("Location")
            .orElseThrow(
                () ->
                    new RegistryException(
                        502, null, transport.registry() + " started an upload without a Location"));
    return transport.resolve("/").resolve(location);
  }

  private static InputStream open(LayerEntry.Content content) {
    try {
      return content.open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
