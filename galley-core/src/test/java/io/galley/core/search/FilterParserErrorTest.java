package io.galley.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Filters MLflow refuses, and the gist of what our message says about each. */
class FilterParserErrorTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '^',
      textBlock =
          """
      metric.acc >= 0.94; metrics.rmse < 1    | unexpected character ';'
      m.acc >= 0.94                           | unknown entity type 'm'
      acc >= 0.94                             | invalid attribute key 'acc'
      p.model >= 'LR'                         | unknown entity type 'p'
      attri.x != 1                            | unknown entity type 'attri'
      Metrics.x != 1                          | unknown entity type 'Metrics'
      "metrics".x != 1                        | unknown entity type '"metrics"'
      model >= 'LR'                           | invalid attribute key 'model'
      metrics.A > 0.1 OR params.B = 'LR'      | OR is not supported, only AND, at position 16
      metrics.A > 0.1 NAND params.B = 'LR'    | expected AND or the end of the filter, found 'NAND'
      metrics.A > 0.1 AND (params.B = 'LR')   | expected an identifier
      metrics.A > 0.1 AND                     | found the end of the input
      AND metrics.A > 0.1                     | invalid attribute key 'AND'
      metrics.A > 0.1 AND AND metrics.B > 1   | invalid attribute key 'AND'
      `metrics.A > 0.1                        | unterminated ` quote, at position 0
      param`.A > 0.1                          | unterminated ` quote
      attribute.start != 1                    | invalid attribute key 'start'
      attribute.experiment_id != 1            | invalid attribute key 'experiment_id'
      attribute.lifecycle_stage = 'ACTIVE'    | invalid attribute key 'lifecycle_stage'
      attribute.name != 1                     | invalid attribute key 'name'
      attribute._status != 'RUNNING'          | invalid attribute key '_status'
      attribute.status = true                 | expected a quoted string such as 'value' after '=' for attribute 'status'
      dataset.status = 'true'                 | invalid dataset key 'status'
      dataset.profile = 'num_rows: 10'        | invalid dataset key 'profile'
      metric.model = 'LR'                     | expected a number after '=' for metrics, at position 15
      metric.model = '5'                      | expected a number after '=' for metrics
      params.acc = 5                          | expected a quoted string such as 'value' after '=' for params
      tags.acc = 5                            | for tags
      metrics.acc != metrics.acc              | expected a number after '!=' for metrics
      1.0 > metrics.acc                       | expected an identifier
      attribute.status = 1                    | expected a quoted string such as 'value' after '=' for attribute 'status'
      params.acc = LR                         | expected a quoted string
      params.acc = `LR`                       | expected a quoted string
      params.'acc = LR                        | unterminated ' quote
      params.acc = 'LR                        | unterminated ' quote, at position 13
      params.acc = LR'                        | unterminated ' quote, at position 15
      params.acc = "LR'                       | unterminated " quote
      tags.acc = = 'LR'                       | expected a quoted string
      attribute.status IS 'RUNNING'           | expected a comparator
      params.acc LR !=                        | expected a comparator
      params.acc                              | found the end of the input
      metric.acc !=                           | expected a number after '!=' for metrics, at position 13
      1=1                                     | expected an identifier
      1==2                                    | expected an identifier
      metrics.a == 2                          | expected a comparator
      metrics.a <> 2                          | expected a comparator
      metrics.abc ~ 1                         | expected a comparator
      metrics.abc LIKE 1                      | comparator 'LIKE' is not valid for metrics (expected one of =, !=, >, >=, <, <=)
      metrics.abc IN ('1')                    | comparator 'IN' is not valid for metrics
      params.abc > 'x'                        | comparator '>' is not valid for params (expected one of =, !=, LIKE, ILIKE)
      params.abc IN ('x')                     | comparator 'IN' is not valid for params
      tags.abc NOT IN ('x')                   | comparator 'NOT IN' is not valid for tags
      tags.abc <= 'x'                         | comparator '<=' is not valid for tags
      attributes.status >= 'x'                | comparator '>=' is not valid for attribute 'status'
      attributes.status IN ('x')              | comparator 'IN' is not valid for attribute 'status'
      attributes.start_time LIKE 1234         | comparator 'LIKE' is not valid for attribute 'start_time'
      attributes.start_time > '1234'          | expected a number after '>' for attribute 'start_time'
      datasets.name > 'x'                     | comparator '>' is not valid for datasets
      datasets.name IN ()                     | expected a non-empty list after 'IN' for datasets
      datasets.name IN 'x'                    | expected a list of single-quoted strings
      datasets.name IN ('x', )                | expected a single-quoted string in the list
      datasets.name IN ("x")                  | expected a single-quoted string in the list
      datasets.name IN (1, 2)                 | expected a single-quoted string in the list
      datasets.name IN ('x' 'y')              | expected ',' or ')' in the list
      datasets.name IN ('x'                   | expected ',' or ')' in the list
      run_id = ('a')                          | expected a quoted string
      metrics. acc > 1                        | expected a key after 'metrics.'
      metrics."" > 1                          | the key after 'metrics.' is empty
      metrics.x > 1abc                        | malformed number '1abc'
      metrics.x > --1                         | unexpected character '-'
      metrics.x > 1.2.3                       | expected AND or the end of the filter
      params.x = 'a' params.y = 'b'           | expected AND or the end of the filter
      params.x = 'a' \\ 'b'                   | unexpected character '\\'
      'x' = 'y'                               | expected an identifier
      tags.x IS NULL                          | expected a comparator
      """)
  void refuses(String filter, String message) {
    assertThatThrownBy(() -> FilterParser.parse(filter, SearchTarget.RUNS))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("Invalid filter '" + filter + "': ")
        .hasMessageContaining(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '^',
      textBlock =
          """
      metrics.acc > 1                   | unknown entity type 'metrics' (expected attribute, tag or tags)
      params.lr = 'x'                   | unknown entity type 'params'
      attributes.name = 'x'             | unknown entity type 'attributes'
      `tags`.x = 'y'                    | unknown entity type '`tags`'
      datasets.name = 'x'               | unknown entity type 'datasets'
      experiment_id = '1'               | invalid attribute key 'experiment_id'
      start_time > 1                    | invalid attribute key 'start_time'
      name IN ('a')                     | comparator 'IN' is not valid for attribute 'name'
      name > 'a'                        | comparator '>' is not valid for attribute 'name'
      creation_time LIKE 'a'            | comparator 'LIKE' is not valid for attribute 'creation_time'
      last_update_time = 'a'            | expected a number after '=' for attribute 'last_update_time'
      tags.x > 'y'                      | comparator '>' is not valid for tags
      tags.x IN ('y')                   | comparator 'IN' is not valid for tags
      """)
  void refusesForExperiments(String filter, String message) {
    assertThatThrownBy(() -> FilterParser.parse(filter, SearchTarget.EXPERIMENTS))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining(message);
  }

  @Test
  void aFilterOfMoreClausesThanTheBoundIsRefusedAndOneOfExactlyTheBoundIsParsed() {
    String atBound = clauses(FilterParser.MAX_CLAUSES);
    assertThat(FilterParser.parse(atBound, SearchTarget.RUNS).clauses())
        .hasSize(FilterParser.MAX_CLAUSES);
    assertThatThrownBy(
            () -> FilterParser.parse(clauses(FilterParser.MAX_CLAUSES + 1), SearchTarget.RUNS))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("A filter may have at most 1000 clauses joined by AND");
  }

  @Test
  void listsHoldingMoreValuesInAllThanTheBoundAreRefused() {
    String half = "(" + "'v', ".repeat(FilterParser.MAX_LIST_VALUES / 2 - 1) + "'v')";
    String atBound = "attributes.run_id IN " + half + " AND datasets.name NOT IN " + half;
    assertThat(FilterParser.parse(atBound, SearchTarget.RUNS).clauses()).hasSize(2);
    assertThatThrownBy(
            () ->
                FilterParser.parse(
                    atBound + " AND datasets.digest IN ('one more')", SearchTarget.RUNS))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("A filter's lists may hold at most 10000 values in all");
  }

  private static String clauses(int n) {
    StringBuilder f = new StringBuilder();
    for (int i = 0; i < n; i++) {
      f.append(i == 0 ? "" : " AND ").append("metrics.m").append(i % 7).append(" > ").append(i);
    }
    return f.toString();
  }
}
