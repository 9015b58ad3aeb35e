package io.galley.core.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.InvalidRequestException;
import io.galley.core.search.Comparator;
import io.galley.core.search.FilterParser;
import io.galley.core.search.FilterValue;
import io.galley.core.tracing.TraceKey.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MLflow 2.17's trace search syntax ({@code SearchTraceUtils}): what it takes and refuses. */
class TraceSearchParserTest {
  private static TraceCondition one(String filter) {
    List<TraceCondition> parsed = TraceSearchParser.parseFilter(filter);
    assertThat(parsed).hasSize(1);
    return parsed.get(0);
  }

  @Test
  void attributesTheirAliasesAndPrefixes() {
    assertThat(one("timestamp > 5"))
        .isEqualTo(
            new TraceCondition(
                new TraceKey(Kind.ATTRIBUTE, "timestamp_ms"),
                Comparator.GT,
                new FilterValue.Number(5)));
    assertThat(one("attributes.execution_time <= 1.5e3").key().name())
        .isEqualTo("execution_time_ms");
    assertThat(one("trace.status = 'OK'").value()).isEqualTo(new FilterValue.Text("OK"));
    assertThat(one("status != \"ERROR\"").comparator()).isEqualTo(Comparator.NEQ);
    assertThat(one("request_id NOT IN ('a', 'b')"))
        .isEqualTo(
            new TraceCondition(
                new TraceKey(Kind.ATTRIBUTE, "request_id"),
                Comparator.NOT_IN,
                new FilterValue.TextList(List.of("a", "b"))));
    assertThat(one("name IN ('qa')").key())
        .isEqualTo(new TraceKey(Kind.TAG, TraceInfo.TRACE_NAME_TAG));
    assertThat(one("run_id = 'r'").key())
        .isEqualTo(new TraceKey(Kind.REQUEST_METADATA, TraceInfo.SOURCE_RUN_METADATA));
    assertThat(one("timestamp_ms >= -1").value()).isEqualTo(new FilterValue.Number(-1));
  }

  @Test
  void tagsAndMetadataWithPlainQuotedAndDottedKeys() {
    assertThat(one("tags.mlflow.traceName = 'x'").key())
        .isEqualTo(new TraceKey(Kind.TAG, "mlflow.traceName"));
    assertThat(one("tag.`a b` = 'x'").key()).isEqualTo(new TraceKey(Kind.TAG, "a b"));
    assertThat(one("request_metadata.\"mlflow.sourceRun\" = 'r'").key())
        .isEqualTo(new TraceKey(Kind.REQUEST_METADATA, "mlflow.sourceRun"));
    assertThat(one("metadata.k != 'v'").comparator()).isEqualTo(Comparator.NEQ);
    assertThat(TraceSearchParser.parseFilter("tags.a = 'x' and status = 'OK'")).hasSize(2);
    assertThat(TraceSearchParser.parseFilter("  ")).isEmpty();
    assertThat(TraceSearchParser.parseFilter(null)).isEmpty();
  }

  @Test
  void refusesWhatMlflowRefuses() {
    for (String bad :
        List.of(
            "tags.a LIKE 'x%'",
            "tags.a IN ('x')",
            "metadata.a > 'x'",
            "status > 'OK'",
            "timestamp_ms = 'today'",
            "status = 5",
            "metrics.acc > 1",
            "experiment_id = '1'",
            "bogus = 'x'",
            "status = 'OK' OR status = 'ERROR'",
            "status = 'OK' AND",
            "status",
            "tags. = 'x'",
            "status = 'unclosed",
            "status IN 'OK'",
            "status IN ('OK' 'ERROR')",
            "status = 'OK'; DROP TABLE trace_info")) {
      assertThatThrownBy(() -> TraceSearchParser.parseFilter(bad))
          .as(bad)
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageStartingWith("Invalid filter '" + bad + "' at position ");
    }
  }

  @Test
  void orderByClauses() {
    assertThat(TraceSearchParser.parseOrderBy(List.of("timestamp DESC", "tags.env", "status asc")))
        .containsExactly(
            new TraceOrder(new TraceKey(Kind.ATTRIBUTE, "timestamp_ms"), false),
            new TraceOrder(new TraceKey(Kind.TAG, "env"), true),
            new TraceOrder(new TraceKey(Kind.ATTRIBUTE, "status"), true));
    assertThat(TraceSearchParser.parseOrderBy(List.of("experiment_id")).get(0).key().name())
        .isEqualTo("experiment_id");
    for (String bad : List.of("", "bogus", "timestamp_ms SIDEWAYS", "metrics.x DESC")) {
      assertThatThrownBy(() -> TraceSearchParser.parseOrderBy(List.of(bad)))
          .as(bad)
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageStartingWith("Invalid order_by clause '" + bad + "'");
    }
  }

  @Test
  void boundsClausesAndListValuesAsARunsFilterDoes() {
    String atTheBound =
        String.join(
            " AND ", java.util.Collections.nCopies(FilterParser.MAX_CLAUSES, "tags.a = 'x'"));
    assertThat(TraceSearchParser.parseFilter(atTheBound)).hasSize(FilterParser.MAX_CLAUSES);
    assertThatThrownBy(() -> TraceSearchParser.parseFilter(atTheBound + " AND status = 'OK'"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("A filter may have at most 1000 clauses joined by AND");

    String values =
        String.join(", ", java.util.Collections.nCopies(FilterParser.MAX_LIST_VALUES, "'v'"));
    assertThat(TraceSearchParser.parseFilter("name IN (" + values + ")")).hasSize(1);
    assertThatThrownBy(
            () -> TraceSearchParser.parseFilter("name IN (" + values + ") AND run_id IN ('r')"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("A filter's lists may hold at most 10000 values in all");
  }
}
