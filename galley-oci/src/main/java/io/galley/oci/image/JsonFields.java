package io.galley.oci.image;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.galley.core.InvalidRequestException;
import io.galley.core.blob.Digest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads typed fields from a JSON tree, naming the field's path (e.g. {@code layers[2].size}) in
 * every error so a client sees exactly what to fix.
 */
final class JsonFields {
  static final int MAX_DEPTH = 32;

  static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(MAX_DEPTH)
                          .maxNumberLength(64)
                          .build())
                  // Two parsers that pick different duplicates see different documents.
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final Function<String, RuntimeException> error;

  JsonFields(Function<String, RuntimeException> error) {
    this.error = error;
  }

  /** Reads a JSON object, refusing empty input, other JSON values and the parser's limits. */
  JsonNode readObject(byte[] bytes) {
    JsonNode root;
    try {
      root = MAPPER.readTree(bytes);
    } catch (IOException e) {
      // Jackson's first line names the problem (nesting depth, duplicate field) and where.
      String detail = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      throw error("not acceptable JSON: " + detail);
    }
    if (root == null || root.isMissingNode()) {
      throw error("the body is empty");
    }
    if (!root.isObject()) {
      throw error("expected a JSON object");
    }
    return root;
  }

  RuntimeException error(String message) {
    return error.apply(message);
  }

  JsonNode object(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      throw error(path(path, field) + " is required");
    }
    if (!node.isObject()) {
      throw error(path(path, field) + " must be an object");
    }
    return node;
  }

  @Nullable JsonNode optionalObject(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw error(path(path, field) + " must be an object");
    }
    return node;
  }

  String string(JsonNode parent, String field, String path) {
    String value = optionalString(parent, field, path);
    if (value == null) {
      throw error(path(path, field) + " is required");
    }
    return value;
  }

  @Nullable String optionalString(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw error(path(path, field) + " must be a string");
    }
    return node.textValue();
  }

  long nonNegativeLong(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      throw error(path(path, field) + " is required");
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
      throw error(path(path, field) + " must be a non-negative integer, got " + node);
    }
    return node.longValue();
  }

  int integer(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      throw error(path(path, field) + " is required");
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw error(path(path, field) + " must be an integer, got " + node);
    }
    return node.intValue();
  }

  Digest digest(JsonNode parent, String field, String path) {
    String value = string(parent, field, path);
    try {
      return Digest.parse(value);
    } catch (InvalidRequestException e) {
      throw error(path(path, field) + ": " + e.getMessage());
    }
  }

  List<JsonNode> array(JsonNode parent, String field, String path, boolean required) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      if (required) {
        throw error(path(path, field) + " is required");
      }
      return List.of();
    }
    if (!node.isArray()) {
      throw error(path(path, field) + " must be an array");
    }
    List<JsonNode> items = new ArrayList<>(node.size());
    node.forEach(items::add);
    return items;
  }

  List<String> strings(JsonNode parent, String field, String path) {
    List<String> values = new ArrayList<>();
    List<JsonNode> items = array(parent, field, path, false);
    for (int i = 0; i < items.size(); i++) {
      if (!items.get(i).isTextual()) {
        throw error(path(path, field) + "[" + i + "] must be a string");
      }
      values.add(items.get(i).textValue());
    }
    return values;
  }

  Map<String, String> stringMap(JsonNode parent, String field, String path) {
    JsonNode node = optionalObject(parent, field, path);
    Map<String, String> map = new LinkedHashMap<>();
    if (node != null) {
      for (var entry : node.properties()) {
        if (!entry.getValue().isTextual()) {
          throw error(path(path, field) + "." + entry.getKey() + " must be a string");
        }
        map.put(entry.getKey(), entry.getValue().textValue());
      }
    }
    return map;
  }

  static String path(String parent, String field) {
    return parent.isEmpty() ? field : parent + "." + field;
  }
}
