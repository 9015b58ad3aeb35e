package io.galley.core.search;

import static io.galley.core.search.Comparator.EQ;
import static io.galley.core.search.Comparator.GTE;
import static io.galley.core.search.Comparator.ILIKE;
import static io.galley.core.search.Comparator.LIKE;
import static io.galley.core.search.Comparator.LT;
import static io.galley.core.search.Comparator.NEQ;
import static io.galley.core.search.EntityType.ATTRIBUTE;
import static io.galley.core.search.EntityType.TAG;
import static io.galley.core.search.FilterParserTest.number;
import static io.galley.core.search.FilterParserTest.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Experiment filters follow SearchExperimentsUtils: name, two times, and tags. */
class ExperimentFilterTest {

  private static List<Comparison> parse(String filter) {
    return FilterParser.parse(filter, SearchTarget.EXPERIMENTS).clauses();
  }

  @Test
  void attributes() {
    assertThat(parse("name = 'a'")).containsExactly(text(ATTRIBUTE, "name", EQ, "a"));
    assertThat(parse("attribute.name LIKE 'jamie-foo C+%'"))
        .containsExactly(text(ATTRIBUTE, "name", LIKE, "jamie-foo C+%"));
    assertThat(parse("name ilike \"%x%\"")).containsExactly(text(ATTRIBUTE, "name", ILIKE, "%x%"));
    assertThat(parse("creation_time >= 100 AND last_update_time < 200"))
        .containsExactly(
            number(ATTRIBUTE, "creation_time", GTE, 100),
            number(ATTRIBUTE, "last_update_time", LT, 200));
  }

  @Test
  void tags() {
    assertThat(parse("tags.key = 'value'")).containsExactly(text(TAG, "key", EQ, "value"));
    assertThat(parse("tag.`k e y` != 'v'")).containsExactly(text(TAG, "k e y", NEQ, "v"));
    assertThat(parse("tags.\"a.b\" LIKE 'v%' AND name != 'x'"))
        .containsExactly(text(TAG, "a.b", LIKE, "v%"), text(ATTRIBUTE, "name", NEQ, "x"));
  }
}
