package io.galley.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.client.mlflow.WireJson;
import io.galley.core.ErrorCode;
import io.galley.core.InvalidRequestException;
import java.io.IOException;

/**
 * A request body that must be a JSON object (an empty body is an empty one), for Galley's own
 * endpoints.
 */
public final class JsonObjectBody {
  private JsonObjectBody() {}

  /** The body's object; {@code BAD_REQUEST} when it is not JSON or not an object. */
  public static JsonNode parse(String text) {
    if (text.isBlank()) {
      return WireJson.mapper().createObjectNode();
    }
    JsonNode tree;
    try {
      tree = WireJson.readTree(text);
    } catch (IOException e) {
      throw new InvalidRequestException(
          ErrorCode.BAD_REQUEST, "Malformed JSON in request body: expected a JSON object");
    }
    if (!tree.isObject()) {
      throw new InvalidRequestException(
          ErrorCode.BAD_REQUEST, "Malformed request body: expected a JSON object");
    }
    return tree;
  }
}
