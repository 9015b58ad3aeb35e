package io.galley.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.client.mlflow.WireJson;
import io.galley.core.InvalidRequestException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Protobuf-JSON reading rules, without HTTP. */
class RequestFieldsTest {

  private static RequestFields body(String json) throws Exception {
    return RequestFields.ofBody((ObjectNode) WireJson.readTree(json));
  }

  @Test
  void int64FromNumbersAndDecimalStrings() throws Exception {
    RequestFields in =
        body(
            "{\"a\": 123, \"b\": \"-9223372036854775808\", \"c\": 5.0, \"d\": \"1e3\", \"e\": 1.5}");
    assertThat(in.int64("a")).isEqualTo(123L);
    assertThat(in.int64("b")).isEqualTo(Long.MIN_VALUE);
    assertThat(in.int64("c")).isEqualTo(5L);
    assertThatThrownBy(() -> in.int64("d")).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> in.int64("e")).isInstanceOf(InvalidRequestException.class);
    assertThat(in.int64("missing")).isNull();
  }

  @Test
  void doublesAcceptProtobufSpellings() throws Exception {
    RequestFields in =
        body(
            "{\"a\": NaN, \"b\": \"Infinity\", \"c\": -Infinity, \"d\": \"2.5\", \"e\": \"nan\", \"f\": true}");
    assertThat(in.dbl("a")).isNaN();
    assertThat(in.dbl("b")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(in.dbl("c")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(in.dbl("d")).isEqualTo(2.5);
    assertThatThrownBy(() -> in.dbl("e")).hasMessageContaining("'e'");
    assertThatThrownBy(() -> in.dbl("f")).hasMessageContaining("of type 'bool'");
  }

  @Test
  void camelCaseNamesAndNullsAsUnset() throws Exception {
    RequestFields in = body("{\"runId\": \"r\", \"experiment_id\": null}");
    assertThat(in.runId()).isEqualTo("r");
    assertThat(in.string("experiment_id")).isNull();
    assertThatThrownBy(() -> in.requiredString("experiment_id"))
        .hasMessageStartingWith("Missing value for required parameter 'experiment_id'.");
  }

  @Test
  void queryParamsRepeatedAndSingle() {
    RequestFields in =
        RequestFields.ofQuery(
            Map.of(
                "experiment_ids",
                List.of("1", "2"),
                "order_by",
                List.of("name"),
                "max_results",
                List.of("5")));
    assertThat(in.strings("experiment_ids")).containsExactly("1", "2");
    assertThat(in.strings("order_by")).containsExactly("name");
    assertThat(in.int64("max_results")).isEqualTo(5L);
  }

  @Test
  void boolsAreJsonBooleansInBodiesAndWordsInQueries() throws Exception {
    RequestFields in = body("{\"a\": true, \"b\": false, \"c\": \"true\", \"d\": 1}");
    assertThat(in.bool("a")).isTrue();
    assertThat(in.bool("b")).isFalse();
    assertThat(in.bool("missing")).isNull();
    assertThatThrownBy(() -> in.bool("c")).hasMessageContaining("of type 'str'");
    assertThatThrownBy(() -> in.bool("d")).hasMessageContaining("of type 'int'");
    RequestFields q = RequestFields.ofQuery(Map.of("a", List.of("True"), "b", List.of("yes")));
    assertThat(q.bool("a")).isTrue();
    assertThatThrownBy(() -> q.bool("b")).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void nestedPathsInMessages() throws Exception {
    RequestFields in = body("{\"metrics\": [{\"key\": \"k\"}, 3]}");
    assertThatThrownBy(() -> in.messages("metrics")).hasMessageContaining("'metrics[1]'");
    RequestFields ok = body("{\"metrics\": [{\"key\": \"k\"}]}");
    assertThatThrownBy(() -> ok.messages("metrics").get(0).requiredInt64("timestamp"))
        .hasMessageStartingWith("Missing value for required parameter 'metrics[0].timestamp'.");
  }

  @Test
  void bulkSamplingKeepsEnds() {
    List<Long> steps = List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(MetricRoutes.sample(steps, 4)).containsExactly(0L, 3L, 6L, 9L);
    assertThat(MetricRoutes.sample(steps, 20)).hasSize(10);
    assertThat(MetricRoutes.sample(steps, 1)).containsExactly(0L);
  }
}
