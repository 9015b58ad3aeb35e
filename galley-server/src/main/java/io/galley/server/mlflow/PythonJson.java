package io.galley.server.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON text as Python's {@code json.dumps} writes it with its defaults: {@code ", "} and {@code ":
 * "} between items, every character outside printable ASCII escaped ({@code ensure_ascii}), and
 * bare {@code NaN} / {@code Infinity}. MLflow stores some tag values this way, and their length
 * counts against a tag's limit, so Galley writes them the same way. Numbers other than those keep
 * Jackson's form (Python may write a float's exponent differently; both read back the same).
 */
final class PythonJson {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private PythonJson() {}

  static String dumps(JsonNode node) {
    StringBuilder out = new StringBuilder();
    write(node, out);
    return out.toString();
  }

  private static void write(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      out.append('{');
      Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        string(field.getKey(), out);
        out.append(": ");
        write(field.getValue(), out);
        out.append(fields.hasNext() ? ", " : "");
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        out.append(i == 0 ? "" : ", ");
        write(node.get(i), out);
      }
      out.append(']');
    } else if (node.isTextual()) {
      string(node.textValue(), out);
    } else if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
      double d = node.doubleValue();
      out.append(Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
    } else if (node.isNumber() || node.isBoolean()) {
      out.append(node.asText());
    } else {
      out.append("null");
    }
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c >= ' ' && c <= '~') {
            out.append(c);
          } else {
            out.append("\\u")
                .append(HEX[(c >> 12) & 0xf])
                .append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
          }
        }
      }
    }
    out.append('"');
  }
}
