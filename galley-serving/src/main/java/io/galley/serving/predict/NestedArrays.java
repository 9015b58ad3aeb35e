package io.galley.serving.predict;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Nested JSON lists as one flat array and its shape: {@code [[1, 2], [3, 4]]} is (2, 2). */
public final class NestedArrays {
  private NestedArrays() {}

  /** {@code node} (a list of lists ... of values, or one value) as an array named {@code name}. */
  public static InputArray of(@Nullable String name, JsonNode node, String label) {
    List<Long> shape = new ArrayList<>();
    for (JsonNode n = node; n.isArray(); n = n.path(0)) {
      shape.add((long) n.size());
      if (n.isEmpty()) {
        break;
      }
    }
    List<JsonNode> flat = new ArrayList<>();
    flatten(node, 0, shape, flat, label);
    return new InputArray(name, shape, flat, null);
  }

  /** Every value of {@code node} in row-major order, however it is nested. */
  public static List<JsonNode> flattenAll(JsonNode node) {
    List<JsonNode> flat = new ArrayList<>();
    flattenAny(node, flat);
    return flat;
  }

  private static void flattenAny(JsonNode node, List<JsonNode> out) {
    if (node.isArray()) {
      for (JsonNode n : node) {
        flattenAny(n, out);
      }
    } else {
      out.add(node);
    }
  }

  private static void flatten(
      JsonNode node, int depth, List<Long> shape, List<JsonNode> out, String label) {
    if (depth == shape.size()) {
      if (node.isArray()) {
        throw ragged(label);
      }
      out.add(node);
      return;
    }
    if (!node.isArray() || node.size() != shape.get(depth)) {
      throw ragged(label);
    }
    for (JsonNode n : node) {
      flatten(n, depth + 1, shape, out, label);
    }
  }

  private static InvalidInputException ragged(String label) {
    return new InvalidInputException(
        label + " is not a rectangular array: its nested lists differ in length or depth");
  }
}
