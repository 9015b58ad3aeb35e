package io.galley.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.server.ApiTestBase;
import io.galley.server.Http.Resp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.ModelRegistry.ModelVersion;
import org.mlflow.api.proto.ModelRegistry.ModelVersionStatus;
import org.mlflow.api.proto.ModelRegistry.RegisteredModel;
import org.mlflow.api.proto.ModelRegistry.RegisteredModelAlias;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.ModelVersionsPage;
import org.mlflow.tracking.Page;

/**
 * The registry methods of the real MLflow Java client (2.17.2) against Galley. The client only
 * reads the registry, so the models are made with the Python client's requests. Left out: {@code
 * downloadModelVersion} and {@code downloadLatestModelVersion}, which shell out to the Python
 * {@code mlflow} CLI (not installed here) with the URI {@code getModelVersionDownloadUri} gives.
 */
class MlflowJavaClientRegistryTest extends ApiTestBase {
  private MlflowClient client;
  private PythonRegistryClient py;

  @BeforeAll
  void connect() {
    client = new MlflowClient(http.base());
    py = new PythonRegistryClient(http);
  }

  @AfterAll
  void disconnect() {
    if (client != null) {
      client.close();
    }
  }

  @Test
  void registeredModelWithLatestVersionsTagsAndAliases() {
    String name = unique("java-model");
    ok(py.createRegisteredModel(name, Map.of("team", "vision"), "a model"));
    version(name, "s3://bucket/one");
    version(name, "s3://bucket/two");
    ok(py.transitionModelVersionStage(name, "1", "Production", false));
    ok(py.setRegisteredModelAlias(name, "champion", "1"));

    RegisteredModel model = client.getRegisteredModel(name);
    assertThat(model.getName()).isEqualTo(name);
    assertThat(model.getDescription()).isEqualTo("a model");
    assertThat(model.getCreationTimestamp()).isPositive();
    assertThat(model.getTagsList()).anyMatch(t -> t.getKey().equals("team"));
    assertThat(model.getAliasesList())
        .containsExactly(
            RegisteredModelAlias.newBuilder().setAlias("champion").setVersion("1").build());
    assertThat(model.getLatestVersionsList())
        .extracting(ModelVersion::getCurrentStage, ModelVersion::getVersion)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("Production", "1"),
            org.assertj.core.groups.Tuple.tuple("None", "2"));
  }

  @Test
  void latestVersionsAllStagesAndChosenOnes() {
    String name = unique("java-latest");
    ok(py.createRegisteredModel(name, Map.of(), null));
    version(name, "s3://bucket/1");
    version(name, "s3://bucket/2");
    version(name, "s3://bucket/3");
    ok(py.transitionModelVersionStage(name, "2", "Staging", false));

    assertThat(client.getLatestVersions(name))
        .extracting(ModelVersion::getVersion)
        .containsExactlyInAnyOrder("3", "2");
    assertThat(client.getLatestVersions(name, List.of("Staging")))
        .extracting(ModelVersion::getVersion)
        .containsExactly("2");
    assertThat(client.getLatestVersions(name, List.of("Production", "None")))
        .extracting(ModelVersion::getVersion)
        .containsExactly("3");
  }

  @Test
  void modelVersionAndItsDownloadUri() {
    String exp = createExperiment(unique("java-mv"));
    String run = createRun(exp);
    String name = unique("java-mv");
    ok(py.createRegisteredModel(name, Map.of(), null));
    ok(py.createModelVersion(name, "runs:/" + run + "/model", run, Map.of("k", "v"), null, "d"));

    ModelVersion v = client.getModelVersion(name, "1");
    assertThat(v.getName()).isEqualTo(name);
    assertThat(v.getVersion()).isEqualTo("1");
    assertThat(v.getRunId()).isEqualTo(run);
    assertThat(v.getStatus()).isEqualTo(ModelVersionStatus.READY);
    assertThat(v.getCurrentStage()).isEqualTo("None");
    assertThat(v.getDescription()).isEqualTo("d");
    assertThat(v.getTagsList()).anyMatch(t -> t.getKey().equals("k") && t.getValue().equals("v"));
    assertThat(client.getModelVersionDownloadUri(name, "1"))
        .isEqualTo("mlflow-artifacts:/" + exp + "/" + run + "/artifacts/model");
  }

  @Test
  void searchModelVersionsWithPages() {
    String name = unique("java-search");
    ok(py.createRegisteredModel(name, Map.of(), null));
    for (int i = 0; i < 3; i++) {
      version(name, "s3://bucket/" + i);
    }
    String filter = "name = '" + name + "'";
    assertThat(client.searchModelVersions(filter).getItems()).hasSize(3);
    assertThat(client.searchModelVersions().getItems()).hasSizeGreaterThanOrEqualTo(3);

    ModelVersionsPage page = client.searchModelVersions(filter, 2, List.of("version_number DESC"));
    List<String> seen = new ArrayList<>();
    page.getItems().forEach(v -> seen.add(v.getVersion()));
    assertThat(page.hasNextPage()).isTrue();
    Page<ModelVersion> next = page.getNextPage();
    next.getItems().forEach(v -> seen.add(v.getVersion()));
    assertThat(next.hasNextPage()).isFalse();
    assertThat(seen).containsExactly("3", "2", "1");

    ModelVersionsPage viaToken =
        client.searchModelVersions(
            filter, 2, List.of("version_number DESC"), page.getNextPageToken().orElseThrow());
    assertThat(viaToken.getItems()).extracting(ModelVersion::getVersion).containsExactly("1");
  }

  @Test
  void errorsReachTheClientAsMlflowErrors() {
    assertThatThrownBy(() -> client.getRegisteredModel(unique("absent")))
        .isInstanceOf(MlflowHttpException.class)
        .satisfies(e -> assertThat(((MlflowHttpException) e).getStatusCode()).isEqualTo(404))
        .hasMessageContaining("RESOURCE_DOES_NOT_EXIST");
    String name = unique("java-errors");
    ok(py.createRegisteredModel(name, Map.of(), null));
    assertThatThrownBy(() -> client.getModelVersion(name, "9"))
        .isInstanceOf(MlflowHttpException.class)
        .hasMessageContaining("RESOURCE_DOES_NOT_EXIST");
    assertThatThrownBy(() -> client.getModelVersion(name, "nine"))
        .isInstanceOf(MlflowHttpException.class)
        .satisfies(e -> assertThat(((MlflowHttpException) e).getStatusCode()).isEqualTo(400));
  }

  private void version(String name, String source) {
    Resp r = py.createModelVersion(name, source, null, Map.of(), null, null);
    ok(r);
  }
}
