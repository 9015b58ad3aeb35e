package io.galley.server.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.server.Http;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

/** Raw distribution-API requests for tests: bytes in, status, headers and bytes out. */
public final class OciHttp {
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  public OciHttp(String base) {
    this.base = base;
  }

  public record Reply(int status, Map<String, java.util.List<String>> headers, byte[] body) {
    public String header(String name) {
      for (var e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    JsonNode json() {
      try {
        return Http.JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + text(), e);
      }
    }

    /** The first error code of the spec's error body. */
    String errorCode() {
      return json().at("/errors/0/code").asText();
    }

    Reply expect(int expected) {
      assertThat(status).as("status; body: %s", text()).isEqualTo(expected);
      return this;
    }
  }

  public Reply send(String method, String path, byte[] body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
            .timeout(Duration.ofSeconds(60))
            .method(
                method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<byte[]> r = client.send(b.build(), BodyHandlers.ofByteArray());
      return new Reply(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public Reply get(String path, String... headers) {
    return send("GET", path, null, headers);
  }

  Reply head(String path, String... headers) {
    return send("HEAD", path, null, headers);
  }

  Reply delete(String path) {
    return send("DELETE", path, null);
  }

  /** Pushes a blob in one {@code POST ?digest=}; returns its digest. */
  String pushBlob(String repo, byte[] bytes) {
    String digest = sha256(bytes);
    send(
            "POST",
            "/v2/" + repo + "/blobs/uploads/?digest=" + digest,
            bytes,
            "Content-Type",
            "application/octet-stream")
        .expect(201);
    return digest;
  }

  /** Pushes an image manifest naming a config and one layer; returns the manifest's bytes. */
  byte[] pushImage(String repo, String tag, byte[] layer) {
    byte[] config =
        ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + sha256(layer)
                + "\"]}}")
            .getBytes(StandardCharsets.UTF_8);
    String configDigest = pushBlob(repo, config);
    String layerDigest = pushBlob(repo, layer);
    byte[] manifest = imageManifest(configDigest, config.length, layerDigest, layer.length, null);
    send(
            "PUT",
            "/v2/" + repo + "/manifests/" + tag,
            manifest,
            "Content-Type",
            "application/vnd.oci.image.manifest.v1+json")
        .expect(201);
    return manifest;
  }

  public static byte[] imageManifest(
      String configDigest, long configSize, String layerDigest, long layerSize, String extra) {
    String json =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
            + configDigest
            + "\",\"size\":"
            + configSize
            + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\""
            + layerDigest
            + "\",\"size\":"
            + layerSize
            + "}]"
            + (extra == null ? "" : "," + extra)
            + "}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  public static String sha256(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
