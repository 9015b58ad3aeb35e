package io.galley.core.search;

import static io.galley.core.search.Comparator.EQ;
import static io.galley.core.search.Comparator.GT;
import static io.galley.core.search.Comparator.GTE;
import static io.galley.core.search.Comparator.ILIKE;
import static io.galley.core.search.Comparator.IN;
import static io.galley.core.search.Comparator.LIKE;
import static io.galley.core.search.Comparator.LT;
import static io.galley.core.search.Comparator.NEQ;
import static io.galley.core.search.Comparator.NOT_IN;
import static io.galley.core.search.EntityType.ATTRIBUTE;
import static io.galley.core.search.EntityType.DATASET;
import static io.galley.core.search.EntityType.METRIC;
import static io.galley.core.search.EntityType.PARAM;
import static io.galley.core.search.EntityType.TAG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.ErrorCode;
import io.galley.core.InvalidRequestException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Valid run filters and their AST; cases follow MLflow's tests/utils/test_search_utils.py. */
class FilterParserTest {

  static Comparison text(EntityType type, String key, Comparator op, String value) {
    return new Comparison(type, key, op, new FilterValue.Text(value));
  }

  static Comparison number(EntityType type, String key, Comparator op, double value) {
    return new Comparison(type, key, op, new FilterValue.Number(value));
  }

  static Comparison list(EntityType type, String key, Comparator op, String... values) {
    return new Comparison(type, key, op, new FilterValue.TextList(List.of(values)));
  }

  static Stream<Arguments> validRunFilters() {
    return Stream.of(
        Arguments.of("metric.acc >= 0.94", List.of(number(METRIC, "acc", GTE, 0.94))),
        Arguments.of("metric.acc>=100", List.of(number(METRIC, "acc", GTE, 100))),
        Arguments.of("params.m!='tf'", List.of(text(PARAM, "m", NEQ, "tf"))),
        Arguments.of("params.\"m\"!=\"tf\"", List.of(text(PARAM, "m", NEQ, "tf"))),
        Arguments.of(
            "metric.\"legit name\" >= 0.243", List.of(number(METRIC, "legit name", GTE, 0.243))),
        Arguments.of("metrics.XYZ = 3", List.of(number(METRIC, "XYZ", EQ, 3))),
        Arguments.of("params.\"cat dog\" = \"pets\"", List.of(text(PARAM, "cat dog", EQ, "pets"))),
        Arguments.of("metrics.\"X-Y-Z\" = 3", List.of(number(METRIC, "X-Y-Z", EQ, 3))),
        Arguments.of("metrics.\"X//Y#$$@&Z\" = 3", List.of(number(METRIC, "X//Y#$$@&Z", EQ, 3))),
        Arguments.of(
            "params.model = 'LinearRegression'",
            List.of(text(PARAM, "model", EQ, "LinearRegression"))),
        Arguments.of(
            "metrics.rmse < 1 and params.model_class = 'LR'",
            List.of(number(METRIC, "rmse", LT, 1), text(PARAM, "model_class", EQ, "LR"))),
        Arguments.of("`metric`.a >= 0.1", List.of(number(METRIC, "a", GTE, 0.1))),
        Arguments.of("`params`.model != 'LR'", List.of(text(PARAM, "model", NEQ, "LR"))),
        Arguments.of(
            "tags.version = 'commit-hash'", List.of(text(TAG, "version", EQ, "commit-hash"))),
        Arguments.of(
            "`tags`.source_name = 'a notebook'",
            List.of(text(TAG, "source_name", EQ, "a notebook"))),
        Arguments.of(
            "metrics.\"accuracy.2.0\" > 5", List.of(number(METRIC, "accuracy.2.0", GT, 5))),
        Arguments.of("metrics.accuracy.2.0 > 5", List.of(number(METRIC, "accuracy.2.0", GT, 5))),
        Arguments.of("metrics.`spacey name` > 5", List.of(number(METRIC, "spacey name", GT, 5))),
        Arguments.of("params.\"p.a.r.a.m\" != \"a\"", List.of(text(PARAM, "p.a.r.a.m", NEQ, "a"))),
        Arguments.of("tags.\"t.a.g\" = \"a\"", List.of(text(TAG, "t.a.g", EQ, "a"))),
        Arguments.of(
            "tags.\"mlflow.runName\" = 'x'", List.of(text(TAG, "mlflow.runName", EQ, "x"))),
        Arguments.of("tags.mlflow.runName = 'x'", List.of(text(TAG, "mlflow.runName", EQ, "x"))),
        Arguments.of(
            "attribute.artifact_uri = '1/23/4'",
            List.of(text(ATTRIBUTE, "artifact_uri", EQ, "1/23/4"))),
        Arguments.of(
            "attribute.start_time >= 1234", List.of(number(ATTRIBUTE, "start_time", GTE, 1234))),
        Arguments.of("run.status = 'RUNNING'", List.of(text(ATTRIBUTE, "status", EQ, "RUNNING"))),
        Arguments.of("attr.user_id LIKE 'al%'", List.of(text(ATTRIBUTE, "user_id", LIKE, "al%"))),
        Arguments.of("status = 'FAILED'", List.of(text(ATTRIBUTE, "status", EQ, "FAILED"))),
        Arguments.of(
            "dataset.name = 'my_dataset'", List.of(text(DATASET, "name", EQ, "my_dataset"))),
        Arguments.of(
            "datasets.context ILIKE '%TRAIN%'",
            List.of(text(DATASET, "context", ILIKE, "%TRAIN%"))),
        Arguments.of(
            "datasets.name IN ('name1', 'name2')",
            List.of(list(DATASET, "name", IN, "name1", "name2"))),
        Arguments.of(
            "datasets.digest not in ('d1')", List.of(list(DATASET, "digest", NOT_IN, "d1"))),
        Arguments.of(
            "attributes.run_id IN ('a1','b2')", List.of(list(ATTRIBUTE, "run_id", IN, "a1", "b2"))),
        Arguments.of("run_id NOT IN ('a1')", List.of(list(ATTRIBUTE, "run_id", NOT_IN, "a1"))),
        // aliases map to canonical keys
        Arguments.of("attributes.created > 5", List.of(number(ATTRIBUTE, "start_time", GT, 5))),
        Arguments.of("Created < 5", List.of(number(ATTRIBUTE, "start_time", LT, 5))),
        Arguments.of("attributes.`Run name` = 'r'", List.of(text(ATTRIBUTE, "run_name", EQ, "r"))),
        Arguments.of("\"run name\" = 'r'", List.of(text(ATTRIBUTE, "run_name", EQ, "r"))),
        Arguments.of(
            "attributes.\"Run Name\" LIKE 'r%'", List.of(text(ATTRIBUTE, "run_name", LIKE, "r%"))),
        Arguments.of(
            "attributes.run_name ILIKE 'r%'", List.of(text(ATTRIBUTE, "run_name", ILIKE, "r%"))),
        // numbers
        Arguments.of("metrics.loss > -1.5", List.of(number(METRIC, "loss", GT, -1.5))),
        Arguments.of("metrics.loss > 1e-3", List.of(number(METRIC, "loss", GT, 0.001))),
        Arguments.of("metrics.loss > 2.5E+2", List.of(number(METRIC, "loss", GT, 250))),
        Arguments.of("metrics.loss > .5", List.of(number(METRIC, "loss", GT, 0.5))),
        Arguments.of("metrics.loss>-.5", List.of(number(METRIC, "loss", GT, -0.5))),
        Arguments.of(
            "attributes.end_time != 1700000000000",
            List.of(number(ATTRIBUTE, "end_time", NEQ, 1_700_000_000_000d))),
        // keywords in any case
        Arguments.of(
            "params.a like 'x' AnD params.b iLiKe 'y'",
            List.of(text(PARAM, "a", LIKE, "x"), text(PARAM, "b", ILIKE, "y"))),
        // unicode keys and values
        Arguments.of("tags.größe = 'ß→∞ 🚀'", List.of(text(TAG, "größe", EQ, "ß→∞ 🚀"))));
  }

  @ParameterizedTest
  @MethodSource("validRunFilters")
  void parsesValidRunFilters(String filter, List<Comparison> expected) {
    assertThat(FilterParser.parse(filter, SearchTarget.RUNS).clauses()).isEqualTo(expected);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", " ", "\t\n "})
  void blankMatchesAll(String filter) {
    assertThat(FilterParser.parse(filter, SearchTarget.RUNS)).isEqualTo(SearchFilter.MATCH_ALL);
    assertThat(FilterParser.parse(filter, SearchTarget.EXPERIMENTS).matchesAll()).isTrue();
  }

  /** Like MLflow, quotes are trimmed and the rest is kept verbatim: escapes are not decoded. */
  @Test
  void keepsValuesVerbatim() {
    assertThat(value("params.m = \"L'Hosp\"")).isEqualTo(new FilterValue.Text("L'Hosp"));
    assertThat(value("params.m = 'it''s'")).isEqualTo(new FilterValue.Text("it''s"));
    assertThat(value("params.m = 'a\\'b'")).isEqualTo(new FilterValue.Text("a\\'b"));
    assertThat(value("params.m = ''")).isEqualTo(new FilterValue.Text(""));
    assertThat(value("params.m = '   '")).isEqualTo(new FilterValue.Text("   "));
  }

  @Test
  void sqlInsideQuotesIsJustData() {
    assertThat(value("params.x = 'a; DROP TABLE runs; --'"))
        .isEqualTo(new FilterValue.Text("a; DROP TABLE runs; --"));
    assertThat(value("params.x = 'a'' OR ''1''=''1'"))
        .isEqualTo(new FilterValue.Text("a'' OR ''1''=''1"));
  }

  @Test
  void sqlAfterAValueIsRefused() {
    assertThatThrownBy(
            () -> FilterParser.parse("params.x = 'a'; DROP TABLE runs; --'", SearchTarget.RUNS))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("unexpected character ';'");
  }

  @Test
  void errorsCarryInvalidParameterValue() {
    assertThatThrownBy(() -> FilterParser.parse("metrics.acc > abc", SearchTarget.RUNS))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessage(
            "Invalid filter 'metrics.acc > abc': expected a number after '>' for "
                + "metrics, at position 14");
  }

  @Test
  void longInputsAreShortenedInMessages() {
    String filter = "params.x = '" + "a".repeat(100_000);
    assertThatThrownBy(() -> FilterParser.parse(filter, SearchTarget.RUNS))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("unterminated ' quote")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
  }

  @Test
  void longValidInputsParse() {
    String value = "v".repeat(100_000);
    assertThat(value("params.x = '" + value + "'")).isEqualTo(new FilterValue.Text(value));
    String many =
        String.join(
            " AND ", java.util.Collections.nCopies(FilterParser.MAX_CLAUSES, "metrics.a > 1"));
    assertThat(FilterParser.parse(many, SearchTarget.RUNS).clauses())
        .hasSize(FilterParser.MAX_CLAUSES);
  }

  private static FilterValue value(String filter) {
    return FilterParser.parse(filter, SearchTarget.RUNS).clauses().get(0).value();
  }
}
