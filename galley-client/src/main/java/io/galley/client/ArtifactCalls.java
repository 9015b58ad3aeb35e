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
import java.util.Optional;

/** Artifact bytes in and out: the artifact proxy's PUTs and MLflow's {@code get-artifact}. */
final class ArtifactCalls {
  static final String ARTIFACTS = "api/2.0/mlflow-artifacts/artifacts/";

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
    try (InputStream in = response.body()) {
      Path parent = dest.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.copy(in, dest, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dest + ": " + e.getMessage(), e);
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
