package io.galley.server;

import io.galley.core.ErrorCode;
import io.galley.server.mlflow.json.ErrorJson;
import io.galley.server.mlflow.json.WireJson;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.jspecify.annotations.Nullable;

/**
 * Errors Jetty answers itself, before Javalin sees the request (an unparseable URI, headers too
 * large): MLflow's JSON error body instead of Jetty's HTML page.
 */
final class JettyErrors extends ErrorHandler {

  @Override
  public ByteBuffer badMessageError(
      int status, @Nullable String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    return ByteBuffer.wrap(body(status, reason));
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
