package io.galley.server.oci;

import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import io.galley.oci.OciErrorCode;
import io.galley.oci.OciException;
import io.javalin.http.Context;
import java.util.List;
import java.util.Objects;

/**
 * Errors of the {@code /v2/} API in the distribution spec's body, {@code
 * {"errors":[{"code":"...","message":"...","detail":...}]}}, whatever failed.
 */
public final class OciErrors {
  /** The path prefix whose errors take this body instead of MLflow's. */
  public static final String PREFIX = "/v2";

  private record Entry(String code, String message) {}

  private record Body(List<Entry> errors) {}

  private OciErrors() {}

  /** True when the request is one of the registry's, so its errors use the OCI body. */
  public static boolean isRegistryPath(String path) {
    return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
  }

  /** An error from the domain: its OCI code, or the nearest one for core's codes. */
  public static void write(Context ctx, GalleyException e) {
    write(ctx, e, Objects.toString(e.getMessage(), ""));
  }

  /** As {@link #write(Context, GalleyException)}, with the message the caller may see. */
  public static void write(Context ctx, GalleyException e, String message) {
    if (e instanceof OciException oci) {
      write(ctx, OciStatuses.of(oci), oci.ociCode(), message);
      return;
    }
    int status = e.code().httpStatus();
    String code =
        e.code() == ErrorCode.RESOURCE_DOES_NOT_EXIST
            ? OciErrorCode.BLOB_UNKNOWN.name()
            : status == 429
                ? OciErrorCode.TOOMANYREQUESTS.name()
                : status >= 500 ? "UNKNOWN" : OciErrorCode.UNSUPPORTED.name();
    write(ctx, status, code, message);
  }

  public static void write(Context ctx, int status, OciErrorCode code, String message) {
    write(ctx, status, code.name(), message);
  }

  /**
   * An error of the exchange rather than the domain; {@code UNKNOWN} is the reference registry's
   * code for a server fault, which the spec leaves unnamed.
   */
  public static void write(Context ctx, int status, String code, String message) {
    ctx.status(status).contentType("application/json").result(body(code, message));
  }

  /** The error body's bytes, for errors Jetty answers before Javalin sees the request. */
  public static byte[] body(String code, String message) {
    return OciJson.write(new Body(List.of(new Entry(code, message))));
  }
}
