package io.galley.client;

import io.galley.client.mlflow.WireJson;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

/** JSON requests and answers over the transport: bodies in, wire records out. */
final class WireCalls {
  private static final byte[] EMPTY_OBJECT = {'{', '}'};

  private final HttpTransport transport;

  WireCalls(HttpTransport transport) {
    this.transport = transport;
  }

  HttpTransport transport() {
    return transport;
  }

  <T> T get(String pathAndQuery, Class<T> answer) {
    return read(
        transport.send(
            "GET " + path(pathAndQuery),
            pathAndQuery,
            true,
            b -> b.GET(),
            BodyHandlers.ofByteArray(),
            Answers.BYTES),
        answer);
  }

  <T> T post(String path, Object body, Class<T> answer) {
    byte[] bytes = WireJson.write(body);
    return read(postBytesForAnswer(path, bytes, bytes.length), answer);
  }

  void postForNothing(String path, Object body) {
    byte[] bytes = WireJson.write(body);
    postBytes(path, bytes, bytes.length);
  }

  void postBytes(String path, byte[] body, int length) {
    checkJson(postBytesForAnswer(path, body, length));
  }

  void patch(String path, Object body) {
    sendJson("PATCH", path, body);
  }

  void deleteWithBody(String path, Object body) {
    sendJson("DELETE", path, body);
  }

  private void sendJson(String method, String path, Object body) {
    byte[] bytes = WireJson.write(body);
    checkJson(
        transport.send(
            method + " " + path,
            path,
            true,
            b ->
                b.header("Content-Type", "application/json")
                    .method(method, BodyPublishers.ofByteArray(bytes)),
            BodyHandlers.ofByteArray(),
            Answers.BYTES));
  }

  HttpResponse<byte[]> postBytesForAnswer(String path, byte[] body, int length) {
    return transport.send(
        "POST " + path,
        path,
        true,
        b ->
            b.header("Content-Type", "application/json")
                .POST(BodyPublishers.ofByteArray(body, 0, length)),
        BodyHandlers.ofByteArray(),
        Answers.BYTES);
  }

  /** A success must still be JSON: anything else is not a Galley or MLflow server. */
  void checkJson(HttpResponse<byte[]> response) {
    read(response, Object.class);
  }

  <T> T read(HttpResponse<byte[]> response, Class<T> answer) {
    byte[] body = response.body().length == 0 ? EMPTY_OBJECT : response.body();
    try {
      return WireJson.read(body, answer);
    } catch (IOException e) {
      throw new GalleyApiException(
          response.statusCode(),
          GalleyApiException.BAD_RESPONSE,
          "The server at "
              + transport.base()
              + " did not answer with JSON (HTTP "
              + response.statusCode()
              + "): is it a Galley or MLflow server?",
          false,
          transport.base());
    }
  }

  private static String path(String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
  }

  /** Error answers are never accepted as answers; their bytes are already in memory. */
  enum Answers implements HttpTransport.Refusals<byte[]> {
    BYTES;

    @Override
    public boolean accepted(int status) {
      return false;
    }

    @Override
    public byte[] bytes(HttpResponse<byte[]> response) {
      return response.body();
    }
  }
}
