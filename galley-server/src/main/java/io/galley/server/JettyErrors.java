package io.galley.server;

import io.galley.client.mlflow.ErrorJson;
import io.galley.client.mlflow.WireJson;
import io.galley.core.ErrorCode;
import io.galley.server.oci.OciErrors;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.jspecify.annotations.Nullable;

/**
 * Errors Jetty answers itself, before Javalin sees the request (an unparseable URI, headers too
 * large): MLflow's JSON error body instead of Jetty's HTML page, or the distribution spec's body
 * under {@code /v2/} when the request line was readable.
 */
final class JettyErrors extends ErrorHandler {

  @Override
  public ByteBuffer badMessageError(
      int status, @Nullable String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    String uri = currentUri();
    if (uri != null && OciErrors.isRegistryPath(uri)) {
      return ByteBuffer.wrap(ociBody(status, reason));
    }
    return ByteBuffer.wrap(body(status, reason));
  }

  /** The path of the request being refused, when Jetty parsed that far (ambiguous paths). */
  private static @Nullable String currentUri() {
    try {
      HttpConnection connection = HttpConnection.getCurrentConnection();
      if (connection == null) {
        return null;
      }
      Request request = connection.getHttpChannel().getRequest();
      HttpURI uri = request.getHttpURI();
      if (uri != null && uri.getPath() != null) {
        return uri.getPath();
      }
      // A path Jetty could not decode (a NUL escape) leaves only the original request line.
      return request.getMetaData() == null ? null : request.getMetaData().getURIString();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static byte[] ociBody(int status, @Nullable String reason) {
    return OciErrors.body(
        status == 404 ? "NAME_UNKNOWN" : status >= 500 ? "UNKNOWN" : "NAME_INVALID",
        "Bad HTTP request (" + status + (reason == null ? "" : ": " + reason) + ")");
  }

  @Override
  protected void generateAcceptableResponse(
      Request baseRequest,
      HttpServletRequest request,
      HttpServletResponse response,
      int code,
      @Nullable String message)
      throws IOException {
    baseRequest.setHandled(true);
    response.setContentType("application/json");
    String uri = request.getRequestURI();
    if (uri != null && OciErrors.isRegistryPath(uri)) {
      // The registry's clients read the distribution spec's body, not MLflow's.
      response.getOutputStream().write(ociBody(code, message));
      return;
    }
    response.getOutputStream().write(body(code, message));
  }

  private static byte[] body(int status, @Nullable String reason) {
    ErrorCode code =
        status == 404
            ? ErrorCode.ENDPOINT_NOT_FOUND
            : status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.BAD_REQUEST;
    String message = "Bad HTTP request (" + status + (reason == null ? "" : ": " + reason) + ")";
    return WireJson.write(new ErrorJson(code.name(), message));
  }
}
