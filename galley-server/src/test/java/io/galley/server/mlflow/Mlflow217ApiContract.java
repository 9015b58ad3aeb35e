package io.galley.server.mlflow;

import static io.galley.server.Http.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.server.ApiTestBase;
import io.galley.server.Http.Resp;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What MLflow 2.17's server does and its Python client counts on: long param and run tag values
 * truncated (MLflow's {@code _validate_param} and {@code _validate_tag} with truncation on), a
 * search of experiment ids that name nothing answered empty, and {@code runs/log-model} appending
 * to the run's {@code mlflow.log-model.history}. Run over H2 and PostgreSQL by the subclasses.
 */
public abstract class Mlflow217ApiContract extends ApiTestBase {

  @Test
  void longParamValuesAreTruncatedTo6000AndReadBackSo() {
    String run = createRun(createExperiment(unique("trunc-param")));
    String value = "x".repeat(6001);
    ok(
        http.mlflowPost(
            "runs/log-parameter", obj().put("run_id", run).put("key", "p").put("value", value)));
    assertThat(param(getRun(run), "p")).isEqualTo(value.substring(0, 6000));
    // Logging the same long value again compares the stored (truncated) values: no conflict.
    ok(
        http.mlflowPost(
            "runs/log-parameter", obj().put("run_id", run).put("key", "p").put("value", value)));
    ObjectNode batch = obj().put("run_id", run);
    batch.putArray("params").addObject().put("key", "p").put("value", value + "tail");
    batch.putArray("params").addObject().put("key", "b").put("value", "y".repeat(7000));
    ok(http.mlflowPost("runs/log-batch", batch));
    JsonNode data = getRun(run);
    assertThat(param(data, "p")).hasSize(6000);
    assertThat(param(data, "b")).isEqualTo("y".repeat(6000));
    // A different value is still a conflict, and a key too long is still refused.
    Resp changed =
        http.mlflowPost(
            "runs/log-parameter",
            obj().put("run_id", run).put("key", "p").put("value", "z" + value));
    assertError(changed, 400, "INVALID_PARAMETER_VALUE");
    assertThat(changed.message()).contains("Changing param values is not allowed");
    Resp longKey =
        http.mlflowPost(
            "runs/log-parameter",
            obj().put("run_id", run).put("key", "k".repeat(251)).put("value", "v"));
    assertError(longKey, 400, "INVALID_PARAMETER_VALUE");
    assertThat(longKey.message()).endsWith("had length 251, which exceeded length limit of 250");
  }

  @Test
  void runTagValuesOf8000AreStoredWholeAndLongerOnesTruncated() {
    String run = createRun(createExperiment(unique("trunc-tag")));
    String whole = "w".repeat(8000);
    ok(
        http.mlflowPost(
            "runs/set-tag", obj().put("run_id", run).put("key", "whole").put("value", whole)));
    ok(
        http.mlflowPost(
            "runs/set-tag",
            obj().put("run_id", run).put("key", "cut").put("value", "c".repeat(8001))));
    ObjectNode batch = obj().put("run_id", run);
    batch.putArray("tags").addObject().put("key", "batch").put("value", "b".repeat(9000));
    ok(http.mlflowPost("runs/log-batch", batch));
    JsonNode data = getRun(run);
    assertThat(tag(data, "whole")).isEqualTo(whole);
    assertThat(tag(data, "cut")).isEqualTo("c".repeat(8000));
    assertThat(tag(data, "batch")).isEqualTo("b".repeat(8000));
    // The tag is searchable by its stored value.
    ObjectNode search = obj().put("filter", "tags.whole = '" + whole + "'");
    search.putArray("experiment_ids").add(data.at("/info/experiment_id").asText());
    assertThat(http.mlflowPost("runs/search", search).json().get("runs")).hasSize(1);
  }

  @Test
  void experimentAndRegistryTagsKeepTheirLimitsAndAreRefusedPastThem() {
    String exp = createExperiment(unique("limits"));
    Resp r =
        http.mlflowPost(
            "experiments/set-experiment-tag",
            obj().put("experiment_id", exp).put("key", "t").put("value", "v".repeat(5001)));
    assertError(r, 400, "INVALID_PARAMETER_VALUE");
    assertThat(r.message()).endsWith("had length 5001, which exceeded length limit of 5000");
    ObjectNode create = obj().put("experiment_id", exp);
    create.putArray("tags").addObject().put("key", "t").put("value", "v".repeat(8001));
    r = http.mlflowPost("runs/create", create);
    assertError(r, 400, "INVALID_PARAMETER_VALUE");
    assertThat(r.message()).endsWith("had length 8001, which exceeded length limit of 8000");
  }

  @Test
  void searchingExperimentIdsThatNameNothingFindsNothing() {
    String exp = createExperiment(unique("search-unknown"));
    createRun(exp);
    for (String unknown : List.of("987654321", "99999999999999999999", "no-such-experiment")) {
      ObjectNode search = obj();
      search.putArray("experiment_ids").add(unknown);
      Resp r = http.mlflowPost("runs/search", search);
      ok(r);
      assertThat(r.json().path("runs")).as(unknown).isEmpty();
      // An unknown id beside a known one changes nothing.
      search.withArray("experiment_ids").add(exp);
      assertThat(http.mlflowPost("runs/search", search).json().get("runs")).hasSize(1);
    }
    // An id MLflow's _validate_experiment_id refuses is still refused.
    ObjectNode bad = obj();
    bad.putArray("experiment_ids").add("../1");
    assertError(http.mlflowPost("runs/search", bad), 400, "INVALID_PARAMETER_VALUE");
  }

  static String param(JsonNode run, String key) {
    return entry(run.at("/data/params"), key);
  }

  static String tag(JsonNode run, String key) {
    return entry(run.at("/data/tags"), key);
  }

  private static String entry(JsonNode list, String key) {
    for (JsonNode e : list) {
      if (e.get("key").asText().equals(key)) {
        return e.get("value").asText();
      }
    }
    throw new AssertionError("no " + key + " in " + list);
  }
}
