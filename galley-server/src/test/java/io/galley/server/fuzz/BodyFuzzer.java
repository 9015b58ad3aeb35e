package io.galley.server.fuzz;

import static io.galley.server.fuzz.BadValues.pick;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.server.fuzz.EndpointCatalog.Endpoint;
import io.galley.server.fuzz.EndpointCatalog.Field;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * JSON-body requests: a message with bad field values, then perhaps broken as bytes (trailing
 * garbage, truncation, invalid UTF-8, raw NUL, 10k-deep nesting, duplicate keys, double encoding,
 * the wrong document type), sent with a right or wrong Content-Type.
 */
final class BodyFuzzer {
  private static final List<String> UNKNOWN_FIELDS =
      List.of(
          "unknown_field",
          "RUN_ID",
          "experimentID",
          "run_id ",
          "",
          "\u0000",
          "__proto__",
          "key.value");
  private static final List<String> CONTENT_TYPES =
      List.of(
          "text/plain",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x",
          "application/json; charset=utf-16",
          "application/json; charset=nonsense",
          "*/*",
          "application/xml");

  private final FieldValues values;
  private final Paths paths;

  BodyFuzzer(FieldValues values, Paths paths) {
    this.values = values;
    this.paths = paths;
  }

  FuzzRequest next(Random r, Endpoint e) {
    ObjectNode msg = BadValues.NODES.objectNode();
    values
        .message(r, e)
        .fields()
        .forEachRemaining(
            f -> msg.set(r.nextInt(8) == 0 ? camel(f.getKey()) : f.getKey(), f.getValue()));
    if (r.nextInt(4) == 0) {
      msg.set(pick(r, UNKNOWN_FIELDS), BadValues.any(r));
    }
    String method = e.bodyMethod();
    String target = paths.of(r, e);
    String what = "body";
    byte[] body = msg.toString().getBytes(StandardCharsets.UTF_8);
    if (r.nextInt(3) == 0) {
      int kind = r.nextInt(11);
      body = breakBytes(r, e, body, msg.toString(), kind);
      what = "bytes#" + kind;
    }
    FuzzRequest req = new FuzzRequest(method, target, body, "application/json", e.mutating(), what);
    if (r.nextInt(7) == 0) {
      req =
          req.withContentType(r.nextInt(4) == 0 ? null : pick(r, CONTENT_TYPES))
              .describedAs("content-type");
    }
    return req;
  }

  private byte[] breakBytes(Random r, Endpoint e, byte[] body, String text, int kind) {
    return switch (kind) {
      case 0 ->
          concat(
              body,
              pick(r, List.of(" x", "}", ",", "{}", "\u0000", "//c", " 1"))
                  .getBytes(StandardCharsets.UTF_8));
      case 1 -> java.util.Arrays.copyOf(body, 1 + r.nextInt(body.length - 1));
      case 2 -> insert(body, r, invalidUtf8(r));
      case 3 -> insert(body, r, new byte[] {0});
      case 4 -> deepNesting(r, e);
      case 5 -> duplicateKey(r, e, text);
      case 6 -> BadValues.NODES.textNode(text).toString().getBytes(StandardCharsets.UTF_8);
      case 7 ->
          (e.emptyIsValid()
                  ? pick(r, List.of("[]", "42", "true", "\"[1]\"", "NaN"))
                  : pick(
                      r,
                      List.of(
                          "",
                          " ",
                          "null",
                          "{}",
                          "[]",
                          "42",
                          "true",
                          "\"\"",
                          "\"null\"",
                          "NaN",
                          "\n\t")))
              .getBytes(StandardCharsets.UTF_8);
      case 8 ->
          ("{\""
                  + surrogateField(e)
                  + "\": \"\\uD800\""
                  + (text.equals("{}") ? "}" : ", " + text.substring(1)))
              .getBytes(StandardCharsets.UTF_8);
      case 9 ->
          text.replaceFirst(
                  ":\"[^\"]*\"",
                  ":" + pick(r, List.of("NaN", "Infinity", "-Infinity", "-NaN", "+Infinity")))
              .getBytes(StandardCharsets.UTF_8);
      default -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, body);
    };
  }

  /**
   * Not UTF-8, yet a lenient decoder turns them into text: an encoded surrogate, overlong forms of
   * '/', a code point past U+10FFFF.
   */
  static final List<byte[]> NOT_UTF8_BUT_DECODABLE =
      List.of(
          new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
          new byte[] {(byte) 0xC0, (byte) 0xAF},
          new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
          new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80});

  private static final List<byte[]> NOT_UTF8 =
      List.of(
          new byte[] {(byte) 0xC3, 0x28},
          new byte[] {(byte) 0xFF},
          new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
          new byte[] {(byte) 0x80},
          new byte[] {(byte) 0xE2, (byte) 0x82});

  private static byte[] invalidUtf8(Random r) {
    return pick(r, r.nextBoolean() ? NOT_UTF8 : NOT_UTF8_BUT_DECODABLE);
  }

  /** A field to hold a lone surrogate; never a new name, where it would be a valid value. */
  private static String surrogateField(Endpoint e) {
    Field first = e.fields().get(0);
    if (e.mutating() && first.kind() == EndpointCatalog.Kind.EXPERIMENT_NAME) {
      return "artifact_location";
    }
    return e.mutating() && first.kind() == EndpointCatalog.Kind.NEW_MODEL_NAME
        ? "description"
        : first.name();
  }

  /** 10,000 levels of arrays or objects, closed or not. */
  private static byte[] deepNesting(Random r, Endpoint e) {
    int depth = 10_000;
    String open = r.nextBoolean() ? "[" : "{\"a\":";
    String close = open.equals("[") ? "]" : "}";
    StringBuilder s = new StringBuilder("{\"" + e.fields().get(0).name() + "\": ");
    s.append(open.repeat(depth)).append("1");
    if (r.nextBoolean()) {
      s.append(close.repeat(depth)).append('}');
    }
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A second occurrence of a field, placed first so the original (doomed) value is the last. */
  private byte[] duplicateKey(Random r, Endpoint e, String text) {
    if (!text.startsWith("{")) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    Field f = pick(r, e.fields());
    JsonNode v = values.value(r, e, f);
    String dup =
        "\""
            + f.name()
            + "\":"
            + (v == null ? "\"\"" : v.toString())
            + (text.equals("{}") ? "" : ",");
    return ("{" + dup + text.substring(1)).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] insert(byte[] body, Random r, byte[] bytes) {
    int at = 1 + r.nextInt(Math.max(1, body.length - 1));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(body, 0, Math.min(at, body.length));
    out.writeBytes(bytes);
    out.write(body, Math.min(at, body.length), body.length - Math.min(at, body.length));
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static String camel(String snake) {
    StringBuilder out = new StringBuilder();
    boolean up = false;
    for (char c : snake.toCharArray()) {
      if (c == '_') {
        up = true;
      } else {
        out.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return out.toString();
  }
}
