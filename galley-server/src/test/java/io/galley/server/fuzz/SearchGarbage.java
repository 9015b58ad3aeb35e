package io.galley.server.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Garbage for the search parameters: filters, order_by clauses and page tokens. */
final class SearchGarbage {
  static final List<String> FILTERS =
      List.of(
          "",
          "metrics.loss <",
          "params.lr = 0.1",
          "attributes.status = 'RUNNING' AND",
          "metrics.loss < 'abc'",
          "tags.`x = 'y'",
          "name LIKE '%'",
          "name ILIKE '(a+)+$'",
          "metrics.loss = NaN",
          "metrics.loss > 1e999",
          "metrics.loss < -99999999999999999999",
          "params.lr = '' OR 1=1 --'",
          "runs.x = 1",
          "nonsense",
          "attributes.run_id IN ()",
          "attributes.run_id IN ('a',",
          "((((metrics.a > 1))))",
          "metrics.\u0000 > 1",
          "tags.a = 'b' AND AND tags.c = 'd'",
          "datasets.digest = 1",
          "metrics.`` > 1",
          "attribute.start_time >= 'yesterday'",
          "name = \"x\"",
          "params.a != 'b' OR x");

  static final List<String> ORDER_BYS =
      List.of(
          "",
          "metrics.loss",
          "metrics.loss DESC",
          "metrics.loss SIDEWAYS",
          "params.lr ASC DESC",
          "nonsense",
          "attributes.nope",
          "tags.`x",
          "metrics.",
          ",",
          "start_time; DROP",
          "name ASC, name ASC",
          "`metrics`.`loss`",
          "last_update_time\u0000");

  static final List<String> PAGE_TOKENS =
      List.of(
          "",
          "garbage",
          "eyJvZmZzZXQiOiAtMX0=",
          "eyJvZmZzZXQiOiAiYWJjIn0=",
          "eyJvZmZzZXQiOiA5OTk5OTk5OTk5OTk5OTk5OTk5fQ==",
          "e30=",
          "bnVsbA==",
          "W10=",
          "eyJvZmZzZXQiOiBudWxsfQ==",
          "%%%",
          "====",
          "AAAA",
          "-1",
          "99999999999999999999",
          "eyJvZmZzZXQiOiAxLjV9",
          "\uD83D\uDE00",
          token("{\"offset\": 999999999}"),
          token("{\"offset\": 2147483647}"),
          token("{\"offset\": 0}"),
          token("{\"offset\": 00000001}"),
          token("{ \"offset\" : 1 , \"offset\": 2 }"),
          token("{\"offset\": 1}\u0000"));

  private SearchGarbage() {}

  /** A page token as the server makes them: base64 of {@code {"offset": N}}, here with a twist. */
  private static String token(String json) {
    return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
