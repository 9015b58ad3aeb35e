package io.galley.server;

import io.galley.client.mlflow.ErrorJson;
import io.galley.client.mlflow.WireJson;
import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import io.galley.server.http.HttpError;
import io.galley.server.http.RequestIds;
import io.galley.server.http.UnreadBodies;
import io.galley.server.oci.OciErrors;
import io.galley.server.ui.UiRoutes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one exception mapper: every failure leaves as MLflow's {@code {"error_code", "message"}} with
 * the code's HTTP status, never as a stack trace. Unexpected exceptions are logged and answered
 * with a generic 500.
 */
final class ErrorMapper {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

  private ErrorMapper() {}

  static void install(RoutesConfig routing) {
    // After any error answer, and before it is written: read what the client still sends.
    routing.after(
        ctx -> {
          if (ctx.statusCode() >= 400) {
            UnreadBodies.drain(ctx.req().getInputStream());
          }
        });
    routing.exception(
        GalleyException.class,
        (e, ctx) -> {
          String message = shownMessage(e, ctx);
          if (OciErrors.isRegistryPath(ctx.path())) {
            OciErrors.write(ctx, e, message);
            return;
          }
          write(ctx, e.code().httpStatus(), e.code(), message);
        });
    routing.exception(
        HttpError.class,
        (e, ctx) -> {
          if (OciErrors.isRegistryPath(ctx.path())) {
            String code = e.status() == 403 ? "DENIED" : "UNSUPPORTED";
            OciErrors.write(ctx, e.status(), code, Objects.toString(e.getMessage(), ""));
            return;
          }
          write(ctx, e.status(), e.code(), Objects.toString(e.getMessage(), ""));
        });
    routing.exception(HttpResponseException.class, ErrorMapper::javalinResponse);
    routing.exception(
        Exception.class,
        (e, ctx) -> {
          String id = RequestIds.of(ctx);
          LOG.error("Unexpected error serving {} {} (request {})", ctx.method(), ctx.path(), id, e);
          String message = serverFailed(ErrorCode.INTERNAL_ERROR, id);
          if (OciErrors.isRegistryPath(ctx.path())) {
            OciErrors.write(ctx, 500, "UNKNOWN", message);
            return;
          }
          write(ctx, 500, ErrorCode.INTERNAL_ERROR, message);
        });
  }

  /**
   * What the caller is told. A refusal says what was wrong with the request; a server failure
   * caused by something below (the database, the disk, a bucket) says only that it failed and under
   * which request id the log has the details, since those would show SQL, driver messages and
   * paths. A server error the code raised on purpose ("retry") is shown as it is.
   */
  private static String shownMessage(GalleyException e, Context ctx) {
    String message = Objects.toString(e.getMessage(), "");
    if (e.code().httpStatus() < 500) {
      LOG.debug("{} {} -> {}: {}", ctx.method(), ctx.path(), e.code(), message);
      return message;
    }
    String id = RequestIds.of(ctx);
    LOG.error("{} {} failed (request {}): {}", ctx.method(), ctx.path(), id, message, e);
    // A full disk's message names the store, never a path: the caller needs to know which.
    return e.getCause() == null || e.code() == ErrorCode.RESOURCE_EXHAUSTED
        ? message
        : serverFailed(e.code(), id);
  }

  private static String serverFailed(ErrorCode code, String requestId) {
    return (code == ErrorCode.TEMPORARILY_UNAVAILABLE
            ? "The server cannot answer now; try again."
            : "The server failed.")
        + " Its log has the details under request id "
        + requestId
        + ".";
  }

  /** Javalin's own responses: unmatched routes, wrong methods, oversized bodies. */
  private static void javalinResponse(HttpResponseException e, Context ctx) {
    int status = e.getStatus();
    if (OciErrors.isRegistryPath(ctx.path())) {
      OciErrors.write(
          ctx,
          status,
          status == 413 ? "SIZE_INVALID" : "UNSUPPORTED",
          status + " " + Objects.toString(e.getMessage(), ""));
      return;
    }
    if (status == 404 && UiRoutes.isBrowserPageRequest(ctx)) {
      UiRoutes.notFoundPage(ctx);
      return;
    }
    switch (status) {
      case 404 ->
          write(
              ctx,
              404,
              ErrorCode.ENDPOINT_NOT_FOUND,
              "No API endpoint matches " + ctx.method() + " " + ctx.path());
      case 405 ->
          write(
              ctx,
              405,
              ErrorCode.BAD_REQUEST,
              "Method " + ctx.req().getMethod() + " is not allowed for " + ctx.path());
      case 413 -> write(ctx, 413, ErrorCode.BAD_REQUEST, "Request body too large");
      default -> {
        ErrorCode code = status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.BAD_REQUEST;
        write(ctx, status, code, Objects.toString(e.getMessage(), ""));
      }
    }
  }

  static void write(Context ctx, int status, ErrorCode code, String message) {
    ctx.status(status)
        .contentType("application/json")
        .result(WireJson.write(new ErrorJson(code.name(), message)));
  }
}
