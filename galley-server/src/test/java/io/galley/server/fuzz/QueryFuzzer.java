package io.galley.server.fuzz;

import static io.galley.server.fuzz.BadValues.pick;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.server.Http;
import io.galley.server.fuzz.EndpointCatalog.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * GET requests whose message is the query string: bad values, repeated parameters, camelCase names,
 * and broken encodings ({@code %zz}, a lone {@code %}, encoded invalid UTF-8 and NUL, raw non-ASCII
 * bytes, empty names, a 10 kB value). Reads are sent this way, and DELETEs (which read their query
 * string when they have no body) with their doomed field.
 */
final class QueryFuzzer {
  private static final List<String> RAW_PIECES =
      List.of(
          "%zz",
          "%",
          "%G1",
          "%00",
          "%C3%28",
          "%FF%FE",
          "%ED%A0%80",
          "\u00e9",
          "\u00ff\u00fe",
          "+",
          "%2B",
          "%26",
          "%3D",
          "a b",
          "%u0041",
          "%%",
          "[]",
          "{}",
          "\\");

  private final FieldValues values;
  private final Paths paths;

  QueryFuzzer(FieldValues values, Paths paths) {
    this.values = values;
    this.paths = paths;
  }

  FuzzRequest next(Random r, Endpoint e) {
    List<String> params = new ArrayList<>();
    values
        .message(r, e)
        .fields()
        .forEachRemaining(
            f -> {
              String name = r.nextInt(8) == 0 ? BodyFuzzer.camel(f.getKey()) : f.getKey();
              params.add(Http.q(name) + "=" + encode(r, text(f.getValue())));
              for (int extra = r.nextInt(6) == 0 ? 1 + r.nextInt(2) : 0; extra > 0; extra--) {
                params.add(
                    Http.q(name) + "=" + encode(r, text(values.value(r, e, e.field(f.getKey())))));
              }
            });
    if (r.nextInt(4) == 0) {
      params.add(r.nextInt(params.size() + 1), junkParam(r));
    }
    String target =
        paths.of(r, e)
            + (params.isEmpty() && r.nextBoolean() ? "" : "?" + String.join(sep(r), params));
    return new FuzzRequest(e.get() ? "GET" : "DELETE", target, null, null, e.mutating(), "query");
  }

  /** A query value is always a string: the text of a JSON scalar, or the JSON of the rest. */
  private static String text(@Nullable JsonNode v) {
    if (v == null || v.isNull()) {
      return "";
    }
    if (v.isArray() && v.size() > 0 && v.get(0).isTextual()) {
      return v.get(0).textValue();
    }
    return v.isValueNode() ? v.asText() : v.toString();
  }

  private static String encode(Random r, String value) {
    if (value.length() > 10_000) {
      value = value.substring(0, 10_000); // long enough to hit Jetty's URI limit
    }
    return switch (r.nextInt(16)) {
      case 0 -> pick(r, RAW_PIECES);
      case 1 -> Http.q(value) + pick(r, RAW_PIECES);
      default -> Http.q(value);
    };
  }

  private static String junkParam(Random r) {
    return pick(
        r,
        List.of(
            "=x",
            "novalue",
            "&",
            "=",
            "%zz=1",
            "a=%zz",
            "a[]=1",
            "a[b]=c",
            "\u00e9=\u00e9",
            "q=" + "w".repeat(10_000)));
  }

  private static String sep(Random r) {
    return r.nextInt(10) == 0 ? pick(r, List.of("&&", ";", "&amp;")) : "&";
  }
}
