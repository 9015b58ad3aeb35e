package io.galley.server.access;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.core.InvalidRequestException;
import io.galley.server.http.JsonObjectBody;
import io.javalin.http.Context;
import org.jspecify.annotations.Nullable;

/** How the access endpoints read their requests, with MLflow's messages for what is missing. */
final class AccessRequests {
  private AccessRequests() {}

  static JsonNode body(Context ctx) {
    return JsonObjectBody.parse(ctx.body());
  }

  /**
   * The request's fields: the query string of a GET, else the JSON body, else (a DELETE sent as
   * {@code curl -X DELETE '...?name=x'}) the query string.
   */
  static Fields fields(Context ctx) {
    String body = ctx.method().name().equals("GET") ? "" : ctx.body();
    if (body.isBlank()) {
      return field -> ctx.queryParam(field);
    }
    JsonNode json = JsonObjectBody.parse(body);
    return field -> {
      JsonNode value = json.path(field);
      return value.isValueNode() && !value.isNull() ? value.asText() : null;
    };
  }

  /** Named text fields of a request. */
  @FunctionalInterface
  interface Fields {
    @Nullable String get(String field);

    default String required(String field) {
      return AccessRequests.required(get(field), field);
    }
  }

  static String text(JsonNode body, String field) {
    JsonNode value = body.path(field);
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw new InvalidRequestException("Missing value for required parameter '" + field + "'");
    }
    return value.asText();
  }

  static String optionalText(JsonNode body, String field, String absent) {
    JsonNode value = body.path(field);
    return value.isTextual() && !value.asText().isEmpty() ? value.asText() : absent;
  }

  static String required(@Nullable String value, String field) {
    if (value == null || value.isEmpty()) {
      throw new InvalidRequestException("Missing value for required parameter '" + field + "'");
    }
    return value;
  }
}
