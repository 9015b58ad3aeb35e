package io.galley.server.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Sends a {@link FuzzRequest}: through {@link HttpClient} when the target is a valid URI, else on a
 * raw socket (malformed escapes, raw non-ASCII bytes), so any byte sequence reaches Jetty.
 */
final class WireClient {
  /** What came back: status, content type and body. */
  record Answer(int status, String contentType, String body) {}

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final int port;

  WireClient(int port) {
    this.port = port;
  }

  Answer send(FuzzRequest r) {
    URI uri;
    try {
      uri = URI.create("http://127.0.0.1:" + port + r.target());
    } catch (IllegalArgumentException e) {
      return sendRaw(r);
    }
    if (!uri.toASCIIString().equals("http://127.0.0.1:" + port + r.target())) {
      return sendRaw(r); // HttpClient would re-encode the target; send it as written
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    if (r.contentType() != null) {
      b.header("Content-Type", r.contentType());
    }
    try {
      for (String line : r.headers()) {
        int colon = line.indexOf(':');
        b.header(line.substring(0, colon), line.substring(colon + 1).trim());
      }
    } catch (IllegalArgumentException e) {
      return sendRaw(r); // a header value HttpClient refuses (non-ASCII): send it as written
    }
    b.method(
        r.method(),
        r.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(r.body()));
    try {
      HttpResponse<String> resp = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(
          resp.statusCode(), resp.headers().firstValue("Content-Type").orElse(""), resp.body());
    } catch (IOException e) {
      if (r.body() != null && r.body().length > 0) {
        // Refused before its body was read, the connection closed under the upload: read the
        // answer the server sent first.
        return sendRaw(r);
      }
      throw new UncheckedIOException("sending " + r, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** HTTP/1.1 by hand; the target is written as ISO-8859-1 bytes, i.e. exactly as given. */
  Answer sendRaw(FuzzRequest r) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      StringBuilder head = new StringBuilder();
      head.append(r.method())
          .append(' ')
          .append(r.target())
          .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      if (r.contentType() != null) {
        head.append("Content-Type: ").append(r.contentType()).append("\r\n");
      }
      for (String line : r.headers()) {
        head.append(line).append("\r\n");
      }
      byte[] body = r.body() == null ? new byte[0] : r.body();
      head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
      try {
        socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().write(body);
        socket.getOutputStream().flush();
      } catch (IOException e) {
        // The server answered and closed before taking the whole body; its answer is readable.
      }
      return parse(socket.getInputStream().readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("sending raw " + r, e);
    }
  }

  private static Answer parse(byte[] raw) throws IOException {
    String all = new String(raw, StandardCharsets.ISO_8859_1);
    int end = all.indexOf("\r\n\r\n");
    if (!all.startsWith("HTTP/1.1 ") || end < 0) {
      throw new IOException("not an HTTP response: " + all);
    }
    int status = Integer.parseInt(all.substring(9, 12));
    String contentType = "";
    boolean chunked = false;
    for (String line : all.substring(0, end).split("\r\n")) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-type:")) {
        contentType = line.substring(13).trim();
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    if (chunked) {
      body = dechunk(new java.io.ByteArrayInputStream(body));
    }
    return new Answer(status, contentType, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] dechunk(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      StringBuilder sizeLine = new StringBuilder();
      for (int c; (c = in.read()) != '\n'; ) {
        if (c < 0) {
          return out.toByteArray();
        }
        sizeLine.append((char) c);
      }
      int size = Integer.parseInt(sizeLine.toString().trim().split(";")[0], 16);
      if (size == 0) {
        return out.toByteArray();
      }
      out.write(in.readNBytes(size));
      in.readNBytes(2);
    }
  }
}
