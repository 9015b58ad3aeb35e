package io.galley.server.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;

/**
 * Pools of hostile values. No string here is the id of anything the seed creates (experiment ids
 * are small numbers, run ids random hex), so a write naming one of them can never succeed.
 */
final class BadValues {
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  static final String MEGABYTE = "m".repeat(1 << 20);

  static final List<String> STRINGS =
      List.of(
          "",
          " ",
          "\t\n",
          "null",
          "true",
          "{}",
          "[]",
          "NaN",
          "Infinity",
          "-Infinity",
          "-1",
          "-0",
          "99999999999999999999",
          "-9223372036854775809",
          "9223372036854775807",
          "1e3",
          "0x1F",
          "1_000",
          "+7",
          "07",
          "1.",
          ".5",
          "' OR '1'='1",
          "1; DROP TABLE runs; --",
          "\" OR \"\"=\"",
          "%",
          "_",
          "%%_%",
          "\\",
          "\\\\'",
          "`",
          ".*",
          "(a+)+$",
          "[",
          "]",
          "(?<x>",
          "$1",
          "^$",
          "|",
          "\u0000",
          "a\u0000b",
          "\u0007\u001b[31m",
          "\uD83D\uDE00",
          "\u202Eevil",
          "e\u0301",
          "\uFEFF",
          "\uFFFF",
          "日本語",
          "Ωmega",
          "null\u0000",
          "${jndi:ldap://x/y}",
          "../../etc/passwd",
          "a//b",
          "/abs",
          "./x",
          "runs:/abc/def",
          "file:///etc",
          "<script>alert(1)</script>",
          "x".repeat(251),
          "y".repeat(5001),
          "z".repeat(6001),
          "w".repeat(8001),
          "deadbeefdeadbeefdeadbeefdeadbeef",
          "experiment",
          "Default");

  static final List<String> UNKNOWN_IDS =
      List.of(
          "424242",
          "-1",
          "99999999999999999999",
          "10000000000000000000000000000000",
          "deadbeefdeadbeefdeadbeefdeadbeef",
          "' OR '1'='1",
          "1 OR 1=1",
          "%",
          "_",
          ".*",
          "run-id-that-does-not-exist",
          "a\u0000b",
          "\uD83D\uDE00",
          "4 ",
          " 4",
          "1e0",
          "x".repeat(300),
          "0'--",
          "1;--");

  static final List<String> NUMBERISH =
      List.of(
          "0",
          "-1",
          "1000000000",
          "99999999999999999999",
          "-9223372036854775808",
          "9223372036854775808",
          "1e9",
          "1.5",
          "NaN",
          "Infinity",
          "abc",
          "",
          " 5",
          "0x10");

  private BadValues() {}

  static <T> T pick(Random r, List<T> list) {
    return list.get(r.nextInt(list.size()));
  }

  /** A string from the pool; rarely the 1 MB one. */
  static String string(Random r) {
    return r.nextInt(200) == 0 ? MEGABYTE : pick(r, STRINGS);
  }

  /**
   * Any JSON value but a string or null: the wrong type for every string field. (No NaN nodes:
   * Jackson writes them as the string "NaN"; {@link BodyFuzzer} puts the bare tokens in.)
   */
  static JsonNode wrongType(Random r) {
    return switch (r.nextInt(16)) {
      case 0 -> NODES.numberNode(0);
      case 1 -> NODES.numberNode(-1L);
      case 2 -> NODES.numberNode(new BigInteger("99999999999999999999"));
      case 3 -> NODES.numberNode(new BigDecimal("-1e400"));
      case 4 -> NODES.numberNode(new BigDecimal("4.9e-325"));
      case 5 -> NODES.numberNode(new BigDecimal("1e400"));
      case 6 -> NODES.numberNode(1.5);
      case 7 -> NODES.booleanNode(r.nextBoolean());
      case 8 -> NODES.arrayNode();
      case 9 -> NODES.arrayNode().add(pick(r, STRINGS));
      case 10 -> NODES.arrayNode().add(NODES.arrayNode().add(NODES.arrayNode()));
      case 11 -> NODES.arrayNode().addNull();
      case 12 -> NODES.objectNode();
      case 13 -> NODES.objectNode().put("key", "k").put("value", "v");
      case 14 -> NODES.objectNode().set("$gt", NODES.numberNode(0));
      default -> NODES.numberNode(Long.MIN_VALUE);
    };
  }

  /** Any JSON value at all. */
  static JsonNode any(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.textNode(string(r));
      default -> wrongType(r);
    };
  }

  /** A numeric field: sometimes a number-like string, sometimes anything. */
  static JsonNode numberish(Random r) {
    return r.nextBoolean() ? NODES.textNode(pick(r, NUMBERISH)) : any(r);
  }

  /** A list of tag-like objects with a broken element somewhere. */
  static ArrayNode brokenEntries(Random r, List<String> fields) {
    ArrayNode list = NODES.arrayNode();
    int n = 1 + r.nextInt(3);
    for (int i = 0; i < n; i++) {
      if (r.nextInt(4) == 0) {
        list.add(any(r));
        continue;
      }
      ObjectNode entry = list.addObject();
      for (String f : fields) {
        if (r.nextInt(4) != 0) {
          entry.set(f, r.nextBoolean() ? NODES.textNode(string(r)) : any(r));
        }
      }
    }
    return list;
  }
}
