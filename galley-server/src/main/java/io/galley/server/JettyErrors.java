package io.galley.server;

import io.galley.client.mlflow.ErrorJson;
import io.galley.client.mlflow.WireJson;
import io.galley.core.ErrorCode;
import io.galley.server.oci.OciErrors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
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
 * Errors Jetty answers itself, before Javalin sees the request (an unparseable or ambiguous URI,
 * headers too large): MLflow's JSON error body instead of Jetty's HTML page, or the distribution
 * spec's body under {@code /v2/} when Jetty got as far as the request's path.
 */
final class JettyErrors extends ErrorHandler {
  /** The path of the stand-in request Jetty 12 hands over for a request it could not parse. */
  private static final String UNPARSED_PATH = "/badMessage";

  /** Every method gets the JSON body (Jetty writes one for GET, POST and HEAD only). */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  /**
   * Every refusal of Jetty's own: a request it could not parse (headers too large, a broken request
   * line) or one it parsed but refuses (an ambiguous or undecodable path).
   */
  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      @Nullable String message,
      @Nullable Throwable cause,
      Callback callback)
      throws IOException {
    String path = path(request);
    // The registry's clients read the distribution spec's body, not MLflow's. A request Jetty
    // could not parse (headers too large, a path above the root, a NUL escape) reaches here as a
    // stand-in without its path: that answer carries both bodies' fields.
    byte[] body;
    if (path == null || path.equals(UNPARSED_PATH)) {
      body = bothBodies(code, message);
    } else if (OciErrors.isRegistryPath(path)) {
      body = ociBody(code, message);
    } else {
      body = body(code, message);
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    // Jetty closes the connection after refusing a request it could not parse, but says so only
    // when told: a client that pooled the connection would send its next request into a socket
    // already closed.
    response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /** The request's path; the undecoded one when Jetty could not decode it (a NUL escape). */
  private static @Nullable String path(Request request) {
    HttpURI uri = request.getHttpURI();
    if (uri == null) {
      return null;
    }
    try {
      String decoded = uri.getPath();
      if (decoded != null) {
        return decoded;
      }
    } catch (RuntimeException e) {
      // fall back to the raw path below
    }
    return uri.getPathQuery();
  }

  private static byte[] ociBody(int status, @Nullable String reason) {
    return OciErrors.body(ociCode(status), message(status, reason));
  }

  /**
   * MLflow's {@code error_code} and {@code message} beside the distribution spec's {@code errors}.
   */
  private static byte[] bothBodies(int status, @Nullable String reason) {
    String message = message(status, reason);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error_code", mlflowCode(status).name());
    body.put("message", message);
    body.put("errors", List.of(Map.of("code", ociCode(status), "message", message)));
    return WireJson.write(body);
  }

  private static byte[] body(int status, @Nullable String reason) {
    return WireJson.write(new ErrorJson(mlflowCode(status).name(), message(status, reason)));
  }

  private static ErrorCode mlflowCode(int status) {
    return status == 404
        ? ErrorCode.ENDPOINT_NOT_FOUND
        : status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.BAD_REQUEST;
  }

  private static String ociCode(int status) {
    return status == 404 ? "NAME_UNKNOWN" : status >= 500 ? "UNKNOWN" : "NAME_INVALID";
  }

  private static String message(int status, @Nullable String reason) {
    return "Bad HTTP request (" + status + (reason == null ? "" : ": " + reason) + ")";
  }
}
