package io.galley.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.client.GalleyApiException;
import io.galley.client.GalleyClient;
import io.galley.client.GalleyUnreachableException;
import io.galley.client.mlflow.MetricJson;
import io.galley.client.mlflow.ParamJson;
import io.galley.client.mlflow.RunJson;
import io.galley.client.mlflow.TagJson;
import io.galley.core.tracking.Metric;
import io.galley.core.tracking.Run;
import io.galley.server.ApiTestBase;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Galley's typed client against a real server: what it writes, the server reads, and back. */
class GalleyClientTest extends ApiTestBase {

  private GalleyClient client() {
    return GalleyClient.builder(URI.create(http.base()))
        .retryTimeout(Duration.ZERO)
        .userAgent("galley-client-test")
        .build();
  }

  @Test
  void aRunRoundTripsThroughTheServer() {
    GalleyClient client = client();
    String experimentId = client.createExperiment(unique("client"));
    RunJson created =
        client.createRun(
            experimentId, "first", null, 1_700_000_000_000L, List.of(new TagJson("t", "1")));
    String runId = created.info().runId();

    client.logBatch(
        runId,
        List.of(
            new MetricJson("loss", Double.NaN, 1_700_000_000_001L, 0),
            new MetricJson("loss", 0.5, 1_700_000_000_002L, 1)),
        List.of(new ParamJson("lr", "0.1")),
        List.of());
    client.setTag(runId, "stage", "test");
    client.updateRun(runId, "FINISHED", 1_700_000_000_009L);

    Run run = client.getRun(runId).toRun();
    assertThat(run.info().status().name()).isEqualTo("FINISHED");
    assertThat(run.info().endTime()).isEqualTo(1_700_000_000_009L);
    assertThat(run.data().params()).extracting(p -> p.value()).containsExactly("0.1");
    assertThat(run.data().tags()).extracting(t -> t.key()).contains("t", "stage");
    assertThat(client.metricHistory(runId, "loss", null, null).metrics())
        .extracting(MetricJson::toMetric)
        .extracting(Metric::value)
        .containsExactly(Double.NaN, 0.5);
    assertThat(client.searchRuns(List.of(experimentId), "", List.of(), 10, null).runs())
        .extracting(r -> r.info().runId())
        .containsExactly(runId);
    assertThat(client.leaderboard(experimentId, "loss", "min", "asc", 5, "").entries()).hasSize(1);
    assertThat(client.experimentSummaries(List.of(experimentId)).summaries())
        .singleElement()
        .satisfies(s -> assertThat(s.runsCount()).isEqualTo(1));
    assertThat(client.experimentKeys(experimentId).paramKeys()).containsExactly("lr");
  }

  @Test
  void artifactsGoUpAndComeBack(@TempDir Path dir) throws Exception {
    GalleyClient client = client();
    String experimentId = client.createExperiment(unique("artifacts"));
    RunJson run = client.createRun(experimentId, null, null, 1_700_000_000_000L, List.of());
    String runId = run.info().runId();
    String root = run.info().artifactUri().replaceFirst("^mlflow-artifacts:/+", "");
    Path file = Files.writeString(dir.resolve("model.txt"), "weights");

    client.putArtifact(root + "/model/model.txt", file);
    client.putArtifact(root + "/notes%20one.txt", "hello".getBytes(StandardCharsets.UTF_8));

    assertThat(client.listArtifacts(runId, "").files())
        .extracting(f -> f.path())
        .containsExactly("model", "notes one.txt");
    assertThat(client.findArtifact(runId, "notes one.txt")).hasValue("hello".getBytes());
    assertThat(client.findArtifact(runId, "absent.txt")).isEmpty();
    Path dest = dir.resolve("out/model.txt");
    client.downloadArtifact(runId, "model/model.txt", dest);
    assertThat(dest).hasContent("weights");
  }

  @Test
  void theRegistryRoundTrips() {
    GalleyClient client = client();
    String name = unique("model");
    RunJson run =
        client.createRun(client.createExperiment(unique("reg")), null, "ann", 1L, List.of());
    String root = run.info().artifactUri().replaceFirst("^mlflow-artifacts:/+", "");
    client.putArtifact(root + "/model/MLmodel", "flavors: {}\n".getBytes(StandardCharsets.UTF_8));
    client.createRegisteredModel(name);
    String source = "runs:/" + run.info().runId() + "/model";
    var version = client.createModelVersion(name, source, run.info().runId()).toModelVersion();
    client.setModelAlias(name, "champion", version.version());

    assertThat(client.getModelVersionByAlias(name, "champion").version()).isEqualTo("1");
    assertThat(client.getRegisteredModel(name).aliases()).hasSize(1);
    assertThat(client.searchRegisteredModels("name = '" + name + "'", 10, null).registeredModels())
        .hasSize(1);
    client.deleteModelAlias(name, "champion");
    assertThat(client.getModelVersion(name, 1).aliases()).isEmpty();
    assertThat(client.getLatestVersions(name, List.of())).hasSize(1);
  }

  @Test
  void mlflowsErrorBodyBecomesTheException() {
    assertThatThrownBy(() -> client().getRun("no-such-run"))
        .isInstanceOfSatisfying(
            GalleyApiException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(404);
              assertThat(e.errorCode()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
              assertThat(e.jsonAnswer()).isTrue();
              assertThat(e.getMessage()).contains("no-such-run");
            });
    assertThat(client().findExperimentByName(unique("absent"))).isEmpty();
  }

  @Test
  void aServerThatIsGoneIsUnreachable() throws Exception {
    int port;
    try (var socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    GalleyClient client =
        GalleyClient.builder(URI.create("http://127.0.0.1:" + port))
            .retryTimeout(Duration.ofMillis(300))
            .build();
    assertThatThrownBy(() -> client.getRun("r"))
        .isInstanceOfSatisfying(
            GalleyUnreachableException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("connection refused");
              assertThat(e.lastRefusal()).isEmpty();
              assertThat(e.getMessage()).contains("127.0.0.1:" + port);
            });
  }
}
