package io.galley.serving.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * What Jetty refuses before a route sees the request (a request line or headers it cannot parse, an
 * ambiguous path): the protocol's JSON error body instead of Jetty's HTML page.
 */
final class JettyRefusals extends ErrorHandler {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      @Nullable String message,
      @Nullable Throwable cause,
      Callback callback)
      throws IOException {
    HttpURI uri = request.getHttpURI();
    String path = null;
    try {
      path = uri == null ? null : uri.getPath();
    } catch (RuntimeException e) {
      // an undecodable path: answered in MLflow's form
    }
    String text = "bad HTTP request (" + code + (message == null ? "" : ": " + message) + ")";
    Map<String, String> body =
        path != null && path.startsWith("/v2")
            ? Map.of("error", text)
            : Map.of("error_code", code >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST", "message", text);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
    response.write(true, ByteBuffer.wrap(JSON.writeValueAsBytes(body)), callback);
  }
}
