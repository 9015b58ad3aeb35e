package io.galley.core.search;

import static io.galley.core.search.Comparator.EQ;
import static io.galley.core.search.Comparator.GT;
import static io.galley.core.search.Comparator.ILIKE;
import static io.galley.core.search.Comparator.IN;
import static io.galley.core.search.Comparator.LIKE;
import static io.galley.core.search.Comparator.NEQ;
import static io.galley.core.search.EntityType.ATTRIBUTE;
import static io.galley.core.search.EntityType.TAG;
import static io.galley.core.search.FilterParserTest.number;
import static io.galley.core.search.FilterParserTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.InvalidRequestException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Registry filters and orderings follow SearchModelUtils and SearchModelVersionUtils: models by
 * name and tags; versions by name, version_number, run_id (with IN), source_path and tags.
 */
class RegistryFilterTest {

  private static List<Comparison> models(String filter) {
    return FilterParser.parse(filter, SearchTarget.REGISTERED_MODELS).clauses();
  }

  private static List<Comparison> versions(String filter) {
    return FilterParser.parse(filter, SearchTarget.MODEL_VERSIONS).clauses();
  }

  @Test
  void modelFilters() {
    assertThat(models("name = 'iris'")).containsExactly(text(ATTRIBUTE, "name", EQ, "iris"));
    assertThat(models("attribute.name ILIKE '%IR%' AND tags.`my key` != 'v'"))
        .containsExactly(text(ATTRIBUTE, "name", ILIKE, "%IR%"), text(TAG, "my key", NEQ, "v"));
    assertThat(models("tag.team LIKE 'm%'")).containsExactly(text(TAG, "team", LIKE, "m%"));
  }

  @Test
  void versionFilters() {
    assertThat(versions("version_number > 2 AND run_id IN ('a', 'b')"))
        .containsExactly(
            number(ATTRIBUTE, "version_number", GT, 2),
            new Comparison(ATTRIBUTE, "run_id", IN, new FilterValue.TextList(List.of("a", "b"))));
    assertThat(versions("source_path LIKE 's3://%' AND tags.k = 'v' AND name = 'iris'"))
        .containsExactly(
            text(ATTRIBUTE, "source_path", LIKE, "s3://%"),
            text(TAG, "k", EQ, "v"),
            text(ATTRIBUTE, "name", EQ, "iris"));
  }

  @Test
  void refusesWhatMlflowRefuses() {
    for (String filter :
        List.of(
            "version_number = 1",
            "run_id = 'x'",
            "name > 'a'",
            "metrics.acc > 1",
            "`tags`.k = 'v'",
            "creation_timestamp > 1")) {
      assertThatThrownBy(() -> models(filter))
          .as(filter)
          .isInstanceOf(InvalidRequestException.class);
    }
    for (String filter :
        List.of(
            "version_number = '1'",
            "name IN ('a')",
            "run_id NOT IN ('a')",
            "tags.k IN ('a')",
            "user_id = 'x'",
            "params.p = 'x'",
            "last_updated_timestamp > 1")) {
      assertThatThrownBy(() -> versions(filter))
          .as(filter)
          .isInstanceOf(InvalidRequestException.class);
    }
  }

  @Test
  void orderings() {
    assertThat(
            OrderByParser.parse(
                List.of("timestamp DESC", "creation_timestamp", "name"),
                SearchTarget.REGISTERED_MODELS))
        .containsExactly(
            new OrderBy(ATTRIBUTE, "last_updated_timestamp", false),
            new OrderBy(ATTRIBUTE, "creation_timestamp", true),
            new OrderBy(ATTRIBUTE, "name", true));
    assertThat(
            OrderByParser.parse(
                List.of("version_number DESC", "attribute.last_updated_timestamp"),
                SearchTarget.MODEL_VERSIONS))
        .containsExactly(
            new OrderBy(ATTRIBUTE, "version_number", false),
            new OrderBy(ATTRIBUTE, "last_updated_timestamp", true));
    assertThatThrownBy(
            () ->
                OrderByParser.parse(
                    List.of("timestamp", "last_updated_timestamp DESC"),
                    SearchTarget.REGISTERED_MODELS))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("appears twice");
    assertThatThrownBy(() -> OrderByParser.parse(List.of("timestamp"), SearchTarget.MODEL_VERSIONS))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("invalid attribute key 'timestamp'");
    assertThatThrownBy(() -> OrderByParser.parse(List.of("tags.k"), SearchTarget.MODEL_VERSIONS))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("cannot order by tags");
  }
}
