package io.galley.oci.distribution;

import io.galley.core.blob.Digest;
import io.galley.oci.name.RepositoryName;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@code HEAD /v2/<name>/blobs/<digest>}: whether the repository holds the blob. */
final class BlobCheck {
  private BlobCheck() {}

  static boolean exists(
      RegistryTransport transport, RepositoryName repository, Digest digest, String scope) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(transport.resolve("/v2/" + repository + "/blobs/" + digest))
            .timeout(Duration.ofSeconds(60))
            .method("HEAD", HttpRequest.BodyPublishers.noBody());
    HttpResponse<InputStream> response = transport.send(request, scope);
    RegistryTransport.discard(response);
    int status = response.statusCode();
    if (status == 200 || status == 307 || status == 302) {
      return true; // some registries answer a HEAD with the redirect to their storage
    }
    if (status == 404) {
      return false;
    }
    throw new RegistryException(
        status,
        null,
        "checking blob "
            + digest
            + " in "
            + repository
            + ": "
            + transport.registry()
            + " answered HTTP "
            + status);
  }
}
