package io.galley.oci.distribution;

import io.galley.oci.name.RepositoryName;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@code PUT /v2/<name>/manifests/<reference>}, after every blob the manifest names. */
final class ManifestPush {
  private ManifestPush() {}

  static void push(
      RegistryTransport transport,
      RepositoryName repository,
      String reference,
      byte[] bytes,
      String mediaType) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(transport.resolve("/v2/" + repository + "/manifests/" + reference))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", mediaType)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
    HttpResponse<InputStream> response = transport.send(request, Scopes.push(repository));
    if (response.statusCode() != 201 && response.statusCode() != 200) {
      throw transport.refusal(response, "push of manifest " + repository + ":" + reference);
    }
    RegistryTransport.discard(response);
  }
}
