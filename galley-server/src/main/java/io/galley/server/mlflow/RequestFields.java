package io.galley.server.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.core.InvalidRequestException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The fields of one request message, read with the rules of protobuf's JSON parser as MLflow's
 * {@code _get_request_message} applies them ({@code mlflow/server/handlers.py}):
 *
 * <ul>
 *   <li>names in snake_case or protobuf's lowerCamelCase; unknown fields are ignored; {@code null}
 *       means unset;
 *   <li>int64/int32 as JSON numbers or decimal strings ({@code "123"});
 *   <li>doubles as numbers, numeric strings, {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}
 *       or the bare tokens;
 *   <li>from a GET query string every value is a string; a repeated field takes every occurrence of
 *       its parameter, a single one takes the first.
 * </ul>
 *
 * Errors carry MLflow's messages: {@code Missing value for required parameter 'x'.} and {@code
 * Invalid value ... for parameter 'x' supplied: Hint: Value was of type 'int'.}
 */
final class RequestFields {
  private static final String API_DOCS =
      " See the API docs for more information about request parameters.";
  private static final Pattern JSON_NUMBER =
      Pattern.compile("-?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?");
  private static final Pattern INTEGER = Pattern.compile("-?\\d+");

  private final ObjectNode node;
  private final boolean fromQuery;
  // Where this message sits in the request, for error messages only: built when one is thrown,
  // not for each of a batch's 1000 metrics.
  private final @Nullable RequestFields parent;
  private final String field;
  private final int index;

  private RequestFields(
      ObjectNode node, boolean fromQuery, @Nullable RequestFields parent, String field, int index) {
    this.node = node;
    this.fromQuery = fromQuery;
    this.parent = parent;
    this.field = field;
    this.index = index;
  }

  static RequestFields ofBody(ObjectNode body) {
    return new RequestFields(body, false, null, "", -1);
  }

  static RequestFields ofQuery(Map<String, List<String>> params) {
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
    return new RequestFields(node, true, null, "", -1);
  }

  boolean has(String name) {
    return raw(name) != null;
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

  String string(String name, String defaultValue) {
    String v = string(name);
    return v == null ? defaultValue : v;
  }

  /**
   * A required string: absent, null and "" are all missing, as in MLflow's {@code
   * _assert_required}.
   */
  String requiredString(String name) {
    String v = string(name);
    if (v == null || v.isEmpty()) {
      throw missing(name);
    }
    return v;
  }

  /** {@code run_id}, or the deprecated {@code run_uuid} when {@code run_id} is not given. */
  String runId() {
    String id = string("run_id");
    if (id == null || id.isEmpty()) {
      id = string("run_uuid");
    }
    if (id == null || id.isEmpty()) {
      throw missing("run_id");
    }
    return id;
  }

  @Nullable Long int64(String name) {
    JsonNode v = scalar(name);
    if (v == null) {
      return null;
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.longValue();
    }
    if (v.isFloatingPointNumber() && Double.isFinite(v.doubleValue())) {
      BigDecimal d = v.decimalValue();
      try {
        return d.longValueExact();
      } catch (ArithmeticException e) {
        throw invalid(name, v);
      }
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

  long requiredInt64(String name) {
    Long v = int64(name);
    if (v == null) {
      throw missing(name);
    }
    return v;
  }

  @Nullable Integer int32(String name) {
    Long v = int64(name);
    if (v == null) {
      return null;
    }
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw invalid(name, scalar(name));
    }
    return v.intValue();
  }

  @Nullable Double dbl(String name) {
    JsonNode v = scalar(name);
    if (v == null) {
      return null;
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isTextual()) {
      String s = v.textValue();
      switch (s) {
        case "NaN":
          return Double.NaN;
        case "Infinity":
          return Double.POSITIVE_INFINITY;
        case "-Infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          if (JSON_NUMBER.matcher(s).matches()) {
            return Double.parseDouble(s);
          }
      }
    }
    throw invalid(name, v);
  }

  double requiredDouble(String name) {
    JsonNode v = scalar(name);
    if (v == null || (v.isTextual() && v.textValue().isEmpty())) {
      throw missing(name);
    }
    Double d = dbl(name);
    if (d == null) {
      throw missing(name);
    }
    return d;
  }

  /**
   * A bool: JSON {@code true} / {@code false} in a body (protobuf refuses quoted ones there),
   * {@code true} / {@code false} in any case from a query string, as MLflow's GET handling reads
   * them.
   */
  @Nullable Boolean bool(String name) {
    JsonNode v = scalar(name);
    if (v == null) {
      return null;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (fromQuery && v.isTextual()) {
      String s = v.textValue();
      if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
        return Boolean.parseBoolean(s);
      }
    }
    throw invalid(name, v);
  }

  /** An enum given by name or number (protobuf accepts both), as its text; null when unset. */
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

  /** A repeated message field; each element reads with its path ({@code metrics[3].key}). */
  List<RequestFields> messages(String name) {
    JsonNode v = raw(name);
    if (v == null) {
      return List.of();
    }
    if (!v.isArray()) {
      throw invalid(name, v);
    }
    List<RequestFields> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      if (!item.isObject()) {
        throw invalid(name + "[" + i + "]", item);
      }
      out.add(new RequestFields((ObjectNode) item, false, this, name, i));
    }
    return out;
  }

  /** A singular message field, or null when unset. */
  @Nullable RequestFields message(String name) {
    JsonNode v = raw(name);
    if (v == null) {
      return null;
    }
    if (!v.isObject()) {
      throw invalid(name, v);
    }
    return new RequestFields((ObjectNode) v, false, this, name, -1);
  }

  RequestFields requiredMessage(String name) {
    RequestFields m = message(name);
    if (m == null) {
      throw missing(name);
    }
    return m;
  }

  InvalidRequestException missing(String name) {
    return new InvalidRequestException(
        "Missing value for required parameter '" + prefix() + name + "'." + API_DOCS);
  }

  InvalidRequestException invalid(String name, @Nullable JsonNode value) {
    String shown = value == null ? "null" : value.toString();
    return new InvalidRequestException(
        "Invalid value "
            + abbreviate(shown)
            + " for parameter '"
            + prefix()
            + name
            + "' supplied: Hint: Value was of type '"
            + pythonType(value)
            + "'."
            + API_DOCS);
  }

  /** The path of this message's fields: "" at the top, {@code metrics[3].} in a batch. */
  private String prefix() {
    if (parent == null) {
      return "";
    }
    return parent.prefix() + field + (index < 0 ? "" : "[" + index + "]") + ".";
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

  static String lowerCamel(String snake) {
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
    if (v.isArray()) {
      return "list";
    }
    return "dict";
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }
}
