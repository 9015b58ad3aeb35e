package io.galley.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fuzzer: valid bodies of both protocols cut, spliced, byte-flipped and with tokens swapped, a
 * few thousand of them. Each is answered with a 2xx or a 4xx in the protocol's JSON error body,
 * never a 5xx, and the server keeps serving.
 */
class MalformedBodiesTest {
  private static final List<String> SEEDS =
      List.of(
          "{\"dataframe_split\": {\"columns\": [\"a\", \"b\"], \"data\": [[1.5, 2], [0.25, 4]]}}",
          "{\"dataframe_records\": [{\"a\": 1.5, \"b\": 2, \"c\": null}]}",
          "{\"instances\": [{\"a\": 1.5, \"b\": 2}]}",
          "{\"inputs\": {\"a\": [1.5, 0.25], \"b\": [2, 4]}, \"params\": {}}");
  private static final String V2 =
      "{\"id\": \"r\", \"inputs\": [{\"name\": \"a\", \"shape\": [2], \"datatype\": \"FP32\","
          + " \"data\": [1.5, 0.25]}, {\"name\": \"b\", \"shape\": [2, 1], \"datatype\": \"INT64\","
          + " \"data\": [[2], [4]]}]}";
  private static final String[] TOKENS = {
    "null",
    "true",
    "[]",
    "{}",
    "\"x\"",
    "-0",
    "1e400",
    "[[[[",
    "]]",
    "\"\\u0000\"",
    "9223372036854775808",
    ",",
    ":",
    "\"data\"",
    "\"columns\"",
    "NaN",
    "\"\\ud800\""
  };

  @Test
  void thousandsOfMalformedBodiesAreEachAnswered4xxAndTheServerKeepsServing(@TempDir Path dir)
      throws Exception {
    Random random = new Random(20261207);
    int served = 0;
    int refused = 0;
    try (ServingHttp s = new ServingHttp(ModelDirs.columns(dir.resolve("m")))) {
      for (int i = 0; i < 3000; i++) {
        boolean v2 = i % 4 == 3;
        String seed = v2 ? V2 : SEEDS.get(random.nextInt(SEEDS.size()));
        byte[] body = mutate(seed, random);
        String type = i % 17 == 0 ? "text/csv" : "application/json";
        HttpResponse<String> r =
            s.postBytes(
                v2 ? "/v2/models/sum/infer" : "/invocations", v2 ? "application/json" : type, body);
        assertThat(r.statusCode())
            .as("body %s -> %s", new String(body, StandardCharsets.UTF_8), r.body())
            .isBetween(200, 499);
        if (r.statusCode() >= 400) {
          refused++;
          assertThat(r.body()).startsWith("{").contains(v2 ? "\"error\"" : "\"error_code\"");
        } else {
          served++;
        }
      }
      assertThat(s.get("/ping").statusCode()).isEqualTo(200);
      assertThat(s.post("/invocations", "application/json", SEEDS.get(0)).statusCode())
          .isEqualTo(200);
    }
    // The mutations must mostly break the bodies, or this tests nothing.
    assertThat(refused).isGreaterThan(2000);
    assertThat(served).isPositive();
  }

  private static byte[] mutate(String seed, Random random) {
    StringBuilder b = new StringBuilder(seed);
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits; e++) {
      int at = random.nextInt(b.length());
      switch (random.nextInt(5)) {
        case 0 -> b.setLength(Math.max(1, at)); // cut
        case 1 -> b.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
        case 2 -> b.deleteCharAt(at);
        case 3 -> b.setCharAt(at, (char) (32 + random.nextInt(95)));
        default ->
            b.replace(at, Math.min(b.length(), at + 3), TOKENS[random.nextInt(TOKENS.length)]);
      }
      if (b.length() == 0) {
        b.append('{');
      }
    }
    byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
    if (random.nextInt(20) == 0) {
      bytes[random.nextInt(bytes.length)] = (byte) (0x80 + random.nextInt(0x80)); // broken UTF-8
    }
    return bytes;
  }
}
