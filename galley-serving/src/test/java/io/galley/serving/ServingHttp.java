package io.galley.serving;

import io.galley.serving.http.ScoringServer;
import io.galley.serving.http.ServingConfig;
import io.galley.serving.model.ModelLoadException;
import io.galley.serving.predict.ServedModel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

/** A served test model on a free loopback port, and a client of it. */
final class ServingHttp implements AutoCloseable {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  final ServedModel model;
  final ScoringServer server;
  final String uri;

  ServingHttp(Path dir, ServingConfig config) throws ModelLoadException {
    this.model =
        ServedModel.load(
            dir, Map.of(SumPredictorFactory.FLAVOR, new SumPredictorFactory()), "sum", "3");
    this.server = new ScoringServer(model, config.withPort(0).withAccessLog(false), "test");
    server.start();
    this.uri = server.baseUri();
  }

  ServingHttp(Path dir) throws ModelLoadException {
    this(dir, ServingConfig.defaults());
  }

  HttpResponse<String> post(String path, String contentType, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(uri + path))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> postBytes(String path, String contentType, byte[] body)
      throws IOException, InterruptedException {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create(uri + path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create(uri + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Any method, with the headers given (name, value, name, value...) and an optional body. */
  HttpResponse<String> send(String method, String path, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(uri + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    server.stop();
    model.close();
  }
}
