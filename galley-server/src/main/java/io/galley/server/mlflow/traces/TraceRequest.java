package io.galley.server.mlflow.traces;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.core.InvalidRequestException;
import io.galley.server.mlflow.RequestBodies;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One trace request message, from a JSON body (POST, PATCH, DELETE) or a query string (GET), read
 * as MLflow's {@code _get_request_message} reads it: snake_case or lowerCamelCase names, {@code
 * null} as unset, int64s as numbers or decimal strings, repeated query parameters for lists, and
 * MLflow's wording for a missing or mistyped field.
 */
final class TraceRequest {
  private static final String API_DOCS =
      " See the API docs for more information about request parameters.";
  private static final Pattern INTEGER = Pattern.compile("-?\\d{1,19}");

  private final ObjectNode node;
  private final boolean fromQuery;

  private TraceRequest(ObjectNode node, boolean fromQuery) {
    this.node = node;
    this.fromQuery = fromQuery;
  }

  /** The message of a request: its query string for a GET, else its JSON body. */
  static TraceRequest of(Context ctx, long maxBytes) {
    // A GET without a query string may carry its message as a body, as MLflow allows.
    if (ctx.method().name().equals("GET") && !ctx.queryParamMap().isEmpty()) {
      return ofQuery(ctx.queryParamMap());
    }
    byte[] body = RequestBodies.readBytes(ctx, maxBytes);
    if (RequestBodies.isBlank(body)
        && ctx.method().name().equals("DELETE")
        && !ctx.queryParamMap().isEmpty()) {
      return ofQuery(ctx.queryParamMap());
    }
    return new TraceRequest(RequestBodies.parseObject(body), false);
  }

  static TraceRequest ofQuery(Map<String, List<String>> params) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    params.forEach(
        (name, values) -> {
          if (values.size() == 1) {
            node.put(name, values.get(0));
          } else {
            ArrayNode array = node.putArray(name);
            values.forEach(array::add);
          }
        });
    return new TraceRequest(node, true);
  }

  @Nullable String string(String name) {
    JsonNode v = scalar(name);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      throw invalid(name, v);
    }
    return v.textValue();
  }

  /** Absent, null and "" are all missing, as in MLflow's {@code _assert_required}. */
  String requiredString(String name) {
    String v = string(name);
    if (v == null || v.isEmpty()) {
      throw missing(name);
    }
    return v;
  }

  @Nullable Long int64(String name) {
    JsonNode v = scalar(name);
    if (v == null) {
      return null;
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.longValue();
    }
    if (v.isTextual() && INTEGER.matcher(v.textValue()).matches()) {
      try {
        return Long.parseLong(v.textValue());
      } catch (NumberFormatException e) {
        throw invalid(name, v);
      }
    }
    throw invalid(name, v);
  }

  @Nullable Integer int32(String name) {
    Long v = int64(name);
    if (v != null && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
      throw invalid(name, scalar(name));
    }
    return v == null ? null : v.intValue();
  }

  /** An enum by name or number, as protobuf's JSON parser takes it, as text; null when unset. */
  @Nullable String enumName(String name) {
    JsonNode v = scalar(name);
    if (v == null) {
      return null;
    }
    if (v.isTextual() || v.isIntegralNumber()) {
      return v.asText();
    }
    throw invalid(name, v);
  }

  /** A repeated string field; empty when unset. */
  List<String> strings(String name) {
    JsonNode v = raw(name);
    if (v == null) {
      return List.of();
    }
    if (fromQuery && v.isTextual()) {
      return List.of(v.textValue());
    }
    if (!v.isArray()) {
      throw invalid(name, v);
    }
    List<String> out = new ArrayList<>(v.size());
    for (JsonNode item : v) {
      if (!item.isTextual()) {
        throw invalid(name, v);
      }
      out.add(item.textValue());
    }
    return out;
  }

  /**
   * A repeated {@code {key, value}} message ({@code TraceTag}, {@code TraceRequestMetadata}) as a
   * map, the last of a key winning; each needs its key ({@code _assert_map_key_present}), an unset
   * value is "".
   */
  Map<String, String> entries(String name) {
    JsonNode v = raw(name);
    if (v == null) {
      return Map.of();
    }
    if (!v.isArray()) {
      throw invalid(name, v);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      if (!item.isObject()) {
        throw invalid(name + "[" + i + "]", item);
      }
      JsonNode key = item.get("key");
      JsonNode value = item.get("value");
      if (key == null || key.isNull()) {
        throw missing(name + "[" + i + "].key");
      }
      if (!key.isTextual()) {
        throw invalid(name + "[" + i + "].key", key);
      }
      if (value != null && !value.isNull() && !value.isTextual()) {
        throw invalid(name + "[" + i + "].value", value);
      }
      out.put(key.textValue(), value == null || value.isNull() ? "" : value.textValue());
    }
    return out;
  }

  static InvalidRequestException missing(String name) {
    return new InvalidRequestException(
        "Missing value for required parameter '" + name + "'." + API_DOCS);
  }

  static InvalidRequestException invalid(String name, @Nullable JsonNode value) {
    String shown = value == null ? "null" : value.toString();
    return new InvalidRequestException(
        "Invalid value "
            + (shown.length() <= 200 ? shown : shown.substring(0, 200) + "...")
            + " for parameter '"
            + name
            + "' supplied: Hint: Value was of type '"
            + pythonType(value)
            + "'."
            + API_DOCS);
  }

  private @Nullable JsonNode scalar(String name) {
    JsonNode v = raw(name);
    if (v != null && fromQuery && v.isArray()) {
      return v.get(0);
    }
    return v;
  }

  private @Nullable JsonNode raw(String name) {
    JsonNode v = node.get(name);
    if (v == null) {
      v = node.get(lowerCamel(name));
    }
    return v == null || v.isNull() ? null : v;
  }

  private static String lowerCamel(String snake) {
    StringBuilder out = new StringBuilder(snake.length());
    boolean upper = false;
    for (char c : snake.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }

  private static String pythonType(@Nullable JsonNode v) {
    if (v == null || v.isNull()) {
      return "NoneType";
    }
    if (v.isTextual()) {
      return "str";
    }
    if (v.isBoolean()) {
      return "bool";
    }
    if (v.isIntegralNumber()) {
      return "int";
    }
    if (v.isNumber()) {
      return "float";
    }
    return v.isArray() ? "list" : "dict";
  }
}
