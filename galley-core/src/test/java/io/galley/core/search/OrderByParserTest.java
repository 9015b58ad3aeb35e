package io.galley.core.search;

import static io.galley.core.search.EntityType.ATTRIBUTE;
import static io.galley.core.search.EntityType.METRIC;
import static io.galley.core.search.EntityType.PARAM;
import static io.galley.core.search.EntityType.TAG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.InvalidRequestException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class OrderByParserTest {

  static Stream<Arguments> validRunClauses() {
    return Stream.of(
        Arguments.of("metrics.acc DESC", new OrderBy(METRIC, "acc", false)),
        Arguments.of("metrics.key1 asc", new OrderBy(METRIC, "key1", true)),
        Arguments.of("metrics.\"key1\"  desc", new OrderBy(METRIC, "key1", false)),
        Arguments.of("metrics.`Mean Square Error`", new OrderBy(METRIC, "Mean Square Error", true)),
        Arguments.of(
            "metrics.`Mean Square Error` ASC", new OrderBy(METRIC, "Mean Square Error", true)),
        Arguments.of(
            "metrics.`Mean Square Error` DESC", new OrderBy(METRIC, "Mean Square Error", false)),
        Arguments.of("params.lr", new OrderBy(PARAM, "lr", true)),
        Arguments.of("params.my_param aSc", new OrderBy(PARAM, "my_param", true)),
        Arguments.of("params.`my_param` DESC", new OrderBy(PARAM, "my_param", false)),
        Arguments.of("tags.`x y`", new OrderBy(TAG, "x y", true)),
        Arguments.of("tags.mlflow.runName DESC", new OrderBy(TAG, "mlflow.runName", false)),
        Arguments.of("tags.tag1    DESC", new OrderBy(TAG, "tag1", false)),
        Arguments.of("attributes.start_time ASC", new OrderBy(ATTRIBUTE, "start_time", true)),
        Arguments.of("attributes.status  ASC", new OrderBy(ATTRIBUTE, "status", true)),
        Arguments.of("run.end_time", new OrderBy(ATTRIBUTE, "end_time", true)),
        Arguments.of("attr.run_name desc", new OrderBy(ATTRIBUTE, "run_name", false)),
        Arguments.of("run_id", new OrderBy(ATTRIBUTE, "run_id", true)),
        Arguments.of("user_id DESC", new OrderBy(ATTRIBUTE, "user_id", false)),
        Arguments.of("attribute.artifact_uri", new OrderBy(ATTRIBUTE, "artifact_uri", true)),
        Arguments.of("created DESC", new OrderBy(ATTRIBUTE, "start_time", false)),
        Arguments.of("attributes.Created", new OrderBy(ATTRIBUTE, "start_time", true)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validRunClauses")
  void parsesRunClauses(String clause, OrderBy expected) {
    assertThat(OrderByParser.parse(List.of(clause), SearchTarget.RUNS)).containsExactly(expected);
  }

  @Test
  void keepsTheOrderOfClauses() {
    assertThat(
            OrderByParser.parse(
                List.of("params.my_param DESC", "attributes.status   DESC"), SearchTarget.RUNS))
        .containsExactly(
            new OrderBy(PARAM, "my_param", false), new OrderBy(ATTRIBUTE, "status", false));
  }

  @Test
  void nullOrEmptyListMeansNoOrdering() {
    assertThat(OrderByParser.parse(null, SearchTarget.RUNS)).isEmpty();
    assertThat(OrderByParser.parse(List.of(), SearchTarget.EXPERIMENTS)).isEmpty();
  }

  @Test
  void experimentClauses() {
    assertThat(
            OrderByParser.parse(
                List.of(
                    "name",
                    "experiment_id DESC",
                    "attribute.creation_time asc",
                    "last_update_time DESC"),
                SearchTarget.EXPERIMENTS))
        .containsExactly(
            new OrderBy(ATTRIBUTE, "name", true),
            new OrderBy(ATTRIBUTE, "experiment_id", false),
            new OrderBy(ATTRIBUTE, "creation_time", true),
            new OrderBy(ATTRIBUTE, "last_update_time", false));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '^',
      textBlock =
          """
      m.acc                       | unknown entity type 'm'
      acc                         | invalid attribute key 'acc'
      attri.x                     | unknown entity type 'attri'
      `metrics.A                  | unterminated ` quote
      `metrics.A`                 | invalid attribute key 'metrics.A'
      attribute.start             | invalid attribute key 'start'
      attribute.experiment_id     | invalid attribute key 'experiment_id'
      attribute.lifecycle_stage   | invalid attribute key 'lifecycle_stage'
      attributes.`Run name`       | invalid attribute key 'Run name'
      metrics.A != 1              | expected ASC, DESC or the end of the clause, found '!='
      ^params.my_param ^          | leading or trailing blanks are not allowed
      ^ params.my_param^          | leading or trailing blanks are not allowed
      attribute.run_id ACS        | expected ASC, DESC or the end of the clause, found 'ACS'
      attribute.run_id decs       | found 'decs'
      metrics.a DESC DESC         | expected the end of the clause, found 'DESC'
      datasets.name               | cannot order by datasets
      ^^                          | it is empty
      metrics.a; DROP TABLE runs  | unexpected character ';'
      """)
  void refusesRunClauses(String clause, String message) {
    assertThatThrownBy(() -> OrderByParser.parse(List.of(clause), SearchTarget.RUNS))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("Invalid order_by clause '" + clause + "'")
        .hasMessageContaining(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '^',
      textBlock =
          """
      tags.x                | cannot order by tags
      metrics.x             | unknown entity type 'metrics'
      attributes.name       | unknown entity type 'attributes'
      start_time            | invalid attribute key 'start_time'
      name ASCENDING        | found 'ASCENDING'
      """)
  void refusesExperimentClauses(String clause, String message) {
    assertThatThrownBy(() -> OrderByParser.parse(List.of(clause), SearchTarget.EXPERIMENTS))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining(message);
  }

  @Test
  void refusesAKeyNamedTwiceForRuns() {
    assertThatThrownBy(
            () ->
                OrderByParser.parse(
                    List.of("created DESC", "attributes.start_time"), SearchTarget.RUNS))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("appears twice");
    assertThat(OrderByParser.parse(List.of("metrics.a", "params.a"), SearchTarget.RUNS)).hasSize(2);
  }

  @Test
  void refusesANullClause() {
    assertThatThrownBy(
            () -> OrderByParser.parse(Arrays.asList("metrics.a", null), SearchTarget.RUNS))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("it is empty");
  }
}
