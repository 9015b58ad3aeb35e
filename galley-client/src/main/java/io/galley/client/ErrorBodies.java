package io.galley.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.client.mlflow.WireJson;
import java.io.IOException;
import java.net.URI;

/** Turns an error answer into a {@link GalleyApiException}, whichever API's body it carries. */
final class ErrorBodies {
  private ErrorBodies() {}

  /**
   * MLflow's {@code {"error_code", "message"}}, OCI's {@code {"errors": [{"code", "message"}]}},
   * else {@code HTTP_<status>} with the message {@code HTTP <status>} (a proxy's error page).
   */
  public static GalleyApiException refusal(URI server, int status, byte[] body) {
    String code = "HTTP_" + status;
    String message = "HTTP " + status;
    if (body.length == 0) {
      return new GalleyApiException(status, code, message, true, server);
    }
    JsonNode json;
    try {
      json = WireJson.mapper().readTree(body);
    } catch (IOException e) {
      return new GalleyApiException(status, code, message, false, server);
    }
    if (json == null || !json.isObject()) {
      return new GalleyApiException(status, code, message, true, server);
    }
    JsonNode oci = json.path("errors").path(0);
    JsonNode error = oci.isObject() ? oci : json;
    String codeField = oci.isObject() ? "code" : "error_code";
    return new GalleyApiException(
        status,
        error.path(codeField).asText(code),
        error.path("message").asText(message),
        true,
        server);
  }
}
