package io.galley.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.server.ApiTestBase;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.ExperimentsPage;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.RunsPage;

/** The real MLflow Java client (2.17.2) against Galley: where they disagree, Galley changes. */
class MlflowJavaClientTest extends ApiTestBase {
  private MlflowClient client;

  @BeforeAll
  void connect() {
    client = new MlflowClient(http.base());
  }

  @AfterAll
  void disconnect() {
    if (client != null) {
      client.close();
    }
  }

  @Test
  void experiments() {
    String name = unique("java-client");
    String id = client.createExperiment(name);
    Experiment e = client.getExperiment(id);
    assertThat(e.getName()).isEqualTo(name);
    assertThat(e.getLifecycleStage()).isEqualTo("active");
    assertThat(client.getExperimentByName(name)).map(Experiment::getExperimentId).contains(id);
    assertThat(client.getExperimentByName(unique("absent"))).isEqualTo(Optional.empty());

    client.setExperimentTag(id, "team", "vision");
    assertThat(client.getExperiment(id).getTagsList()).anyMatch(t -> t.getKey().equals("team"));

    ExperimentsPage page = client.searchExperiments("name = '" + name + "'");
    assertThat(page.getItems()).extracting(Experiment::getExperimentId).containsExactly(id);

    String renamed = unique("renamed");
    client.renameExperiment(id, renamed);
    client.deleteExperiment(id);
    assertThat(client.getExperiment(id).getLifecycleStage()).isEqualTo("deleted");
    ExperimentsPage deleted =
        client.searchExperiments("name = '" + renamed + "'", ViewType.DELETED_ONLY, 10, List.of());
    assertThat(deleted.getItems()).hasSize(1);
    client.restoreExperiment(id);
    assertThat(client.getExperiment(id).getName()).isEqualTo(renamed);
  }

  @Test
  void runsMetricsParamsTagsAndSearch() {
    String exp = client.createExperiment(unique("java-runs"));
    RunInfo a = client.createRun(exp);
    RunInfo b = client.createRun(exp);
    assertThat(a.getStatus()).isEqualTo(RunStatus.RUNNING);

    client.logParam(a.getRunId(), "model", "cnn");
    client.setTag(a.getRunId(), "stage", "dev");
    client.logMetric(a.getRunId(), "acc", 0.7);
    client.logMetric(a.getRunId(), "acc", 0.9, 2000L, 2L);
    client.logMetric(a.getRunId(), "loss", Double.NaN, 2000L, 0L);
    client.logBatch(
        b.getRunId(),
        List.of(
            Metric.newBuilder().setKey("acc").setValue(0.5).setTimestamp(1000).setStep(0).build(),
            Metric.newBuilder().setKey("acc").setValue(0.8).setTimestamp(1001).setStep(1).build()),
        List.of(Param.newBuilder().setKey("model").setValue("mlp").build()),
        List.of(RunTag.newBuilder().setKey("stage").setValue("prod").build()));

    Run run = client.getRun(a.getRunId());
    assertThat(run.getData().getParamsList()).extracting(Param::getValue).containsExactly("cnn");
    assertThat(run.getData().getMetricsList())
        .filteredOn(m -> m.getKey().equals("acc"))
        .extracting(Metric::getValue)
        .containsExactly(0.9);
    assertThat(run.getData().getMetricsList())
        .filteredOn(m -> m.getKey().equals("loss"))
        .extracting(Metric::getValue)
        .allMatch(v -> Double.isNaN(v));

    List<Metric> history = client.getMetricHistory(a.getRunId(), "acc");
    assertThat(history).extracting(Metric::getValue).containsExactly(0.7, 0.9);

    RunsPage page =
        client.searchRuns(
            List.of(exp),
            "metrics.acc > 0.6",
            ViewType.ACTIVE_ONLY,
            10,
            List.of("metrics.acc DESC"));
    assertThat(page.getItems())
        .extracting(r -> r.getInfo().getRunId())
        .containsExactly(a.getRunId(), b.getRunId());
    assertThat(client.searchRuns(List.of(exp), "params.model = 'mlp'"))
        .extracting(RunInfo::getRunId)
        .containsExactly(b.getRunId());

    client.deleteTag(a.getRunId(), "stage");
    assertThat(client.getRun(a.getRunId()).getData().getTagsList())
        .noneMatch(t -> t.getKey().equals("stage"));

    client.setTerminated(b.getRunId(), RunStatus.FAILED, 5000L);
    RunInfo ended = client.getRun(b.getRunId()).getInfo();
    assertThat(ended.getStatus()).isEqualTo(RunStatus.FAILED);
    assertThat(ended.getEndTime()).isEqualTo(5000L);
    client.setTerminated(a.getRunId());
    assertThat(client.getRun(a.getRunId()).getInfo().getStatus()).isEqualTo(RunStatus.FINISHED);

    client.deleteRun(b.getRunId());
    assertThat(client.searchRuns(List.of(exp), ""))
        .extracting(RunInfo::getRunId)
        .containsExactly(a.getRunId());
    client.restoreRun(b.getRunId());
    assertThat(client.searchRuns(List.of(exp), "")).hasSize(2);
  }

  @Test
  void errorsReachTheClientAsMlflowErrors() {
    assertThatThrownBy(() -> client.getRun("0123456789abcdef0123456789abcdef"))
        .isInstanceOf(MlflowHttpException.class)
        .satisfies(e -> assertThat(((MlflowHttpException) e).getStatusCode()).isEqualTo(404))
        .hasMessageContaining("RESOURCE_DOES_NOT_EXIST");
    assertThatThrownBy(() -> client.searchRuns(List.of("0"), "metrics.acc >"))
        .isInstanceOf(MlflowClientException.class);
  }
}
