package io.galley.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.galley.core.InvalidRequestException;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Feeds garbage, and mutations of valid inputs, to both parsers: each input must parse or raise
 * {@link InvalidRequestException}, never any other exception. Seeds are fixed so a failure
 * reproduces; the failing input is in the message.
 */
class SearchFuzzTest {
  private static final int CASES = 20_000;

  private static final List<String> FRAGMENTS =
      List.of(
          "metrics",
          "params",
          "tags",
          "attributes",
          "datasets",
          "run",
          "attr",
          "metric",
          "tag",
          "start_time",
          "run_id",
          "status",
          "name",
          "created",
          "Run name",
          "creation_time",
          ".",
          "..",
          "acc",
          "`",
          "'",
          "\"",
          "''",
          "\\",
          "\\'",
          "(",
          ")",
          ",",
          " ",
          "\t",
          "\n",
          "=",
          "!=",
          "<",
          "<=",
          ">",
          ">=",
          "==",
          "<>",
          "~",
          "!",
          "LIKE",
          "ilike",
          "IN",
          "NOT",
          "not in",
          "AND",
          "and",
          "OR",
          "IS",
          "NULL",
          "-",
          "+",
          "1",
          "-1",
          "0.5",
          ".5",
          "1e9",
          "1E-3",
          "1e",
          "99999999999999999999",
          "'a'",
          "\"b\"",
          "`c d`",
          "('x', 'y')",
          "()",
          ";",
          "--",
          "/*",
          "*/",
          "DROP TABLE runs",
          "%",
          "_",
          "$",
          "#",
          "ß",
          "🚀",
          "\u0000",
          "\uFFFF",
          "\uD800",
          "\u202E",
          "e",
          "E",
          "null");

  private static final List<String> VALID =
      List.of(
          "metrics.acc > 0.9 AND params.lr = '0.1'",
          "tags.\"mlflow.runName\" LIKE 'x%' AND attributes.start_time >= 1234",
          "datasets.name IN ('a', 'b') AND run_id NOT IN ('c')",
          "metrics.`my metric` <= -1.5e3 and attributes.`Run Name` ilike '%a%'",
          "name = 'exp' AND tags.k != \"v\" AND creation_time > 0");

  @Test
  void filtersNeverThrowAnythingElse() {
    fuzz(
        11,
        input -> {
          FilterParser.parse(input, SearchTarget.RUNS);
          FilterParser.parse(input, SearchTarget.EXPERIMENTS);
        });
  }

  @Test
  void orderByNeverThrowsAnythingElse() {
    fuzz(
        23,
        input -> {
          OrderByParser.parse(List.of(input), SearchTarget.RUNS);
          OrderByParser.parse(List.of(input), SearchTarget.EXPERIMENTS);
        });
  }

  @Test
  void someFuzzedFiltersStillParse() {
    Random random = new Random(5);
    int parsed = 0;
    for (int i = 0; i < 2_000; i++) {
      try {
        FilterParser.parse(
            mutate(random, VALID.get(random.nextInt(VALID.size()))), SearchTarget.RUNS);
        parsed++;
      } catch (InvalidRequestException expected) {
        // most mutations break the filter
      }
    }
    // A sanity check that the fuzzer reaches past the first token.
    assertThat(parsed).isPositive();
  }

  private static void fuzz(long seed, Consumer<String> parse) {
    Random random = new Random(seed);
    for (int i = 0; i < CASES; i++) {
      String input =
          switch (i % 3) {
            case 0 -> fragments(random);
            case 1 -> mutate(random, VALID.get(random.nextInt(VALID.size())));
            default -> randomChars(random);
          };
      try {
        parse.accept(input);
      } catch (InvalidRequestException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      } catch (RuntimeException | StackOverflowError e) {
        fail("input " + escape(input) + " threw " + e, e);
      }
    }
  }

  private static String fragments(Random random) {
    StringBuilder s = new StringBuilder();
    int n = 1 + random.nextInt(12);
    for (int i = 0; i < n; i++) {
      s.append(FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
      if (random.nextBoolean()) {
        s.append(' ');
      }
    }
    return s.toString();
  }

  private static String mutate(Random random, String valid) {
    StringBuilder s = new StringBuilder(valid);
    int edits = 1 + random.nextInt(3);
    for (int i = 0; i < edits && s.length() > 0; i++) {
      int at = random.nextInt(s.length());
      switch (random.nextInt(3)) {
        case 0 -> s.deleteCharAt(at);
        case 1 -> s.insert(at, FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
        default -> s.setCharAt(at, (char) (32 + random.nextInt(95)));
      }
    }
    return s.toString();
  }

  private static String randomChars(Random random) {
    char[] chars = new char[random.nextInt(40)];
    for (int i = 0; i < chars.length; i++) {
      chars[i] =
          random.nextInt(4) == 0
              ? (char) random.nextInt(0x10000)
              : (char) (32 + random.nextInt(95));
    }
    return new String(chars);
  }

  private static String escape(String input) {
    StringBuilder s = new StringBuilder("\"");
    input
        .chars()
        .forEach(
            c ->
                s.append(
                    c < 32 || c > 126 ? String.format("\\u%04x", c) : String.valueOf((char) c)));
    return s.append('"').toString();
  }
}
