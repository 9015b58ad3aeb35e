package io.galley.client.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.core.tracking.Dataset;
import io.galley.core.tracking.DatasetInput;
import io.galley.core.tracking.Experiment;
import io.galley.core.tracking.LifecycleStage;
import io.galley.core.tracking.Metric;
import io.galley.core.tracking.Page;
import io.galley.core.tracking.Param;
import io.galley.core.tracking.Run;
import io.galley.core.tracking.RunData;
import io.galley.core.tracking.RunInfo;
import io.galley.core.tracking.RunStatus;
import io.galley.core.tracking.Tag;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exact bytes MLflow's server would write for the same messages. */
class WireJsonTest {
  private static final RunInfo INFO =
      new RunInfo(
          "abc",
          "1",
          "brave-fox-1",
          "ann",
          RunStatus.RUNNING,
          1700000000000L,
          null,
          "file:///a/1/abc/artifacts",
          LifecycleStage.ACTIVE);

  private static String write(Object o) {
    return new String(WireJson.write(o), StandardCharsets.UTF_8);
  }

  @Test
  void runWithNothingLoggedHasEmptyDataAndInputs() {
    Run run = new Run(INFO, new RunData(List.of(), List.of(), List.of()), List.of());
    assertThat(write(RunResponseJson.of(run)))
        .isEqualTo(
            "{\"run\":{\"info\":{\"run_uuid\":\"abc\",\"experiment_id\":\"1\","
                + "\"run_name\":\"brave-fox-1\",\"user_id\":\"ann\",\"status\":\"RUNNING\","
                + "\"start_time\":1700000000000,\"artifact_uri\":\"file:///a/1/abc/artifacts\","
                + "\"lifecycle_stage\":\"active\",\"run_id\":\"abc\"},\"data\":{},\"inputs\":{}}}");
  }

  @Test
  void nonFiniteMetricValuesAreStrings() {
    RunData data =
        new RunData(
            List.of(
                new Metric("a", Double.NaN, 1, 0),
                new Metric("b", Double.POSITIVE_INFINITY, 1, 0),
                new Metric("c", Double.NEGATIVE_INFINITY, 1, 0),
                new Metric("d", 0.5, 1, 3)),
            List.of(new Param("p", "")),
            List.of(new Tag("t", "")));
    assertThat(write(RunDataJson.of(data)))
        .isEqualTo(
            "{\"metrics\":[{\"key\":\"a\",\"value\":\"NaN\",\"timestamp\":1,\"step\":0},"
                + "{\"key\":\"b\",\"value\":\"Infinity\",\"timestamp\":1,\"step\":0},"
                + "{\"key\":\"c\",\"value\":\"-Infinity\",\"timestamp\":1,\"step\":0},"
                + "{\"key\":\"d\",\"value\":0.5,\"timestamp\":1,\"step\":3}],"
                + "\"params\":[{\"key\":\"p\",\"value\":\"\"}],"
                + "\"tags\":[{\"key\":\"t\",\"value\":\"\"}]}");
  }

  @Test
  void experimentAndSearchShapes() {
    Experiment e =
        new Experiment("3", "iris", "file:///a/3", LifecycleStage.DELETED, 10L, 20L, List.of());
    assertThat(write(ExperimentResponseJson.of(e)))
        .isEqualTo(
            "{\"experiment\":{\"experiment_id\":\"3\",\"name\":\"iris\","
                + "\"artifact_location\":\"file:///a/3\",\"lifecycle_stage\":\"deleted\","
                + "\"last_update_time\":20,\"creation_time\":10}}");
    assertThat(write(SearchExperimentsResponseJson.of(new Page<>(List.of(), null))))
        .isEqualTo("{}");
    assertThat(write(SearchExperimentsResponseJson.of(new Page<>(List.of(), "")))).isEqualTo("{}");
  }

  @Test
  void datasetInputsLeaveUnsetFieldsOut() {
    DatasetInput input =
        new DatasetInput(
            List.of(new Tag("mlflow.data.context", "train")),
            new Dataset("iris", "d1", "local", "/iris.csv", null, null));
    assertThat(write(RunInputsJson.of(List.of(input))))
        .isEqualTo(
            "{\"dataset_inputs\":[{\"tags\":[{\"key\":\"mlflow.data.context\",\"value\":\"train\"}],"
                + "\"dataset\":{\"name\":\"iris\",\"digest\":\"d1\",\"source_type\":\"local\","
                + "\"source\":\"/iris.csv\"}}]}");
  }
}
