package io.galley.oci.distribution;

import io.galley.core.InvalidRequestException;
import io.galley.oci.image.ManifestCodec;
import io.galley.oci.image.MediaTypes;
import io.galley.oci.image.ParsedManifest;
import io.galley.oci.name.RepositoryName;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code GET /v2/<name>/manifests/<reference>}, accepting every manifest kind; the bytes are
 * checked against the digest asked for, or the one the registry says it sent.
 */
final class ManifestPull {
  static final String ACCEPT =
      String.join(
          ", ",
          MediaTypes.OCI_MANIFEST,
          MediaTypes.OCI_INDEX,
          MediaTypes.DOCKER_MANIFEST,
          MediaTypes.DOCKER_MANIFEST_LIST);

  private ManifestPull() {}

  static ParsedManifest pull(
      RegistryTransport transport, RepositoryName repository, String reference) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(transport.resolve("/v2/" + repository + "/manifests/" + reference))
            .timeout(Duration.ofSeconds(60))
            .header("Accept", ACCEPT)
            .GET();
    HttpResponse<InputStream> response = transport.send(request, Scopes.pull(repository));
    if (response.statusCode() != 200) {
      throw transport.refusal(response, "manifest " + repository + ":" + reference);
    }
    byte[] bytes;
    try (InputStream in = response.body()) {
      bytes = in.readNBytes(ManifestCodec.MAX_BYTES + 1);
    } catch (IOException e) {
      throw new RegistryException(
          "the manifest from " + transport.registry() + " broke off: " + e.getMessage(), e);
    }
    if (bytes.length > ManifestCodec.MAX_BYTES) {
      throw new RegistryException(
          502, null, "manifest " + reference + " is larger than " + ManifestCodec.MAX_BYTES);
    }
    ParsedManifest manifest;
    try {
      manifest =
          ManifestCodec.parse(bytes, response.headers().firstValue("Content-Type").orElse(null));
    } catch (InvalidRequestException e) {
      throw new RegistryException(
          502,
          null,
          "manifest " + repository + ":" + reference + " is not valid: " + e.getMessage());
    }
    String expected =
        reference.contains(":")
            ? reference
            : response.headers().firstValue("Docker-Content-Digest").orElse(null);
    if (expected != null && !expected.equals(manifest.digest().toString())) {
      throw new RegistryException(
          502,
          "DIGEST_INVALID",
          "manifest "
              + repository
              + ":"
              + reference
              + " from "
              + transport.registry()
              + " has digest "
              + manifest.digest()
              + ", not "
              + expected);
    }
    return manifest;
  }
}
