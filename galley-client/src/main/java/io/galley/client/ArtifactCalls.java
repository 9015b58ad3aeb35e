package io.galley.client;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Artifact bytes in and out: the artifact proxy's PUTs and MLflow's {@code get-artifact}. */
final class ArtifactCalls {
  static final String ARTIFACTS = "api/2.0/mlflow-artifacts/artifacts/";
  private static final Pattern SHA256_ETAG = Pattern.compile("\"sha256:([0-9a-f]{64})\"");

  private final HttpTransport transport;
  private final WireCalls wire;

  ArtifactCalls(HttpTransport transport, WireCalls wire) {
    this.transport = transport;
    this.wire = wire;
  }

  void putFile(String encodedPath, Path file) {
    wire.checkJson(
        transport.send(
            "PUT " + file,
            ARTIFACTS + encodedPath,
            false,
            b -> {
              BodyPublisher body;
              try {
                body = BodyPublishers.ofFile(file);
              } catch (FileNotFoundException e) {
                throw new UncheckedIOException("cannot read " + file, e);
              }
              return b.PUT(body);
            },
            BodyHandlers.ofByteArray(),
            WireCalls.Answers.BYTES));
  }

  void putBytes(String encodedPath, byte[] bytes) {
    wire.checkJson(
        transport.send(
            "PUT " + encodedPath,
            ARTIFACTS + encodedPath,
            true,
            b -> b.PUT(BodyPublishers.ofByteArray(bytes)),
            BodyHandlers.ofByteArray(),
            WireCalls.Answers.BYTES));
  }

  void delete(String encodedPath) {
    wire.checkJson(
        transport.send(
            "DELETE " + encodedPath,
            ARTIFACTS + encodedPath,
            true,
            b -> b.DELETE(),
            BodyHandlers.ofByteArray(),
            WireCalls.Answers.BYTES));
  }

  void download(String runId, String path, Path dest) {
    HttpResponse<InputStream> response =
        transport.send(
            "GET get-artifact",
            getArtifact(runId, path),
            true,
            b -> b.GET(),
            BodyHandlers.ofInputStream(),
            Streams.NONE_ACCEPTED);
    // Galley's ETag is the digest of the stored bytes: what arrived is checked against it.
    String etag = response.headers().firstValue("ETag").orElse("");
    Matcher digest = SHA256_ETAG.matcher(etag);
    MessageDigest sha256 = null;
    if (digest.matches()) {
      try {
        sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JVM has SHA-256", e);
      }
    }
    try (InputStream body = response.body();
        InputStream in = sha256 == null ? body : new DigestInputStream(body, sha256)) {
      Path parent = dest.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.copy(in, dest, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dest + ": " + e.getMessage(), e);
    }
    if (sha256 != null && !HexFormat.of().formatHex(sha256.digest()).equals(digest.group(1))) {
      try {
        Files.deleteIfExists(dest);
      } catch (IOException e) {
        // the mismatch below is what the caller must hear
      }
      throw new UncheckedIOException(
          new IOException(
              "artifact "
                  + path
                  + " of run "
                  + runId
                  + " arrived with other bytes than the"
                  + " server's digest sha256:"
                  + digest.group(1)
                  + "; it was not kept"));
    }
  }

  Optional<byte[]> find(String runId, String path) {
    HttpResponse<byte[]> response =
        transport.send(
            "GET get-artifact",
            getArtifact(runId, path),
            true,
            b -> b.GET(),
            BodyHandlers.ofByteArray(),
            new HttpTransport.Refusals<>() {
              @Override
              public boolean accepted(int status) {
                return status == 404;
              }

              @Override
              public byte[] bytes(HttpResponse<byte[]> r) {
                return r.body();
              }
            });
    return response.statusCode() == 404 ? Optional.empty() : Optional.of(response.body());
  }

  private static String getArtifact(String runId, String path) {
    return new QueryString().add("run_uuid", runId).add("path", path).appendTo("get-artifact");
  }

  /** A streamed error answer is read whole, then closed, to parse its error body. */
  enum Streams implements HttpTransport.Refusals<InputStream> {
    NONE_ACCEPTED;

    @Override
    public boolean accepted(int status) {
      return false;
    }

    @Override
    public byte[] bytes(HttpResponse<InputStream> response) throws IOException {
      try (InputStream in = response.body()) {
        return in.readAllBytes();
      }
    }
  }
}
