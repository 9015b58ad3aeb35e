package io.galley.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.core.ErrorCode;
import io.galley.core.artifact.Artifact;
import io.galley.core.artifact.ArtifactIndex;
import io.galley.core.artifact.ArtifactPath;
import io.galley.core.blob.Digest;
import io.galley.core.registry.ModelVersion;
import io.galley.core.registry.NewModelVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A version registered from a run keeps the run's files (paths and digests) for itself, so that its
 * blobs outlive the run's artifacts; and concurrent registrations number versions gap-free.
 */
abstract class ModelVersionFilesContractTest extends ModelRegistryTestSupport {
  ArtifactIndex artifacts;
  String run;
  Artifact mlmodel;
  Artifact weights;
  Artifact plot;

  @BeforeEach
  void seedRun() {
    artifacts = jdbc.artifacts();
    run = newRun();
    mlmodel = put("model/MLmodel", 1);
    weights = put("model/data/w.bin", 2);
    plot = put("plots/loss.png", 3);
    model("iris");
  }

  Artifact put(String path, int n) {
    Artifact a = new Artifact(ArtifactPath.parse(path), digest(n), n * 10L);
    artifacts.put(run, a);
    return a;
  }

  static Digest digest(int n) {
    return new Digest(String.format("%064x", n));
  }

  static Artifact file(String path, Artifact from) {
    return new Artifact(ArtifactPath.parse(path), from.digest(), from.size());
  }

  List<Digest> referenced() {
    List<Digest> digests = new ArrayList<>();
    registry.forEachReferencedDigest(digests::add);
    return digests;
  }

  @Test
  void recordsTheFilesBelowARunsPath() {
    ModelVersion v = version("iris", "runs:/" + run + "/model");
    assertThat(v.runId()).as("the run the source names").isEqualTo(run);
    assertThat(v.source()).isEqualTo("runs:/" + run + "/model");
    assertThat(registry.versionFiles("iris", 1))
        .containsExactly(file("MLmodel", mlmodel), file("data/w.bin", weights));
  }

  @Test
  void readsMlflowArtifactsSources() {
    version("iris", "mlflow-artifacts:/0/" + run + "/artifacts/model/");
    assertThat(registry.versionFiles("iris", 1))
        .containsExactly(file("MLmodel", mlmodel), file("data/w.bin", weights));
  }

  @Test
  void aSingleFileIsRecordedUnderItsName() {
    version("iris", "runs:/" + run + "/model/data/w.bin");
    assertThat(registry.versionFiles("iris", 1)).containsExactly(file("w.bin", weights));
  }

  @Test
  void theRunsRootRecordsTheWholeTree() {
    version("iris", "runs:/" + run);
    assertThat(registry.versionFiles("iris", 1)).containsExactly(mlmodel, weights, plot);
  }

  @Test
  void anExplicitRunIdIsKept() {
    ModelVersion v =
        registry.createModelVersion(
            new NewModelVersion(
                "iris", "runs:/" + run + "/model", "other", null, null, List.of(), null));
    assertThat(v.runId()).isEqualTo("other");
    assertThat(registry.versionFiles("iris", 1)).hasSize(2);
  }

  @Test
  void otherSourcesKeepNoFiles() {
    version("iris", "s3://bucket/model");
    version("iris", "runs:/" + run + "/nothing-here");
    assertThat(registry.versionFiles("iris", 1)).isEmpty();
    assertThat(registry.versionFiles("iris", 2)).isEmpty();
    assertThat(registry.getModelVersion("iris", 1).runId()).isNull();
    assertThat(referenced()).isEmpty();
  }

  @Test
  void anUnknownRunIsNotFoundAndCreatesNothing() {
    fails(
        () -> version("iris", "runs:/0123456789abcdef0123456789abcdef/model"),
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        "Run with id=0123456789abcdef0123456789abcdef not found");
    assertThat(version("iris").version()).isEqualTo(1);
  }

  @Test
  void anUnsafeSourcePathIsRefused() {
    invalid(() -> version("iris", "runs:/" + run + "/model/../../etc"), "Invalid artifact path");
    assertThat(version("iris").version()).isEqualTo(1);
  }

  @Test
  void oneFileIsFoundByItsPath() {
    version("iris", "runs:/" + run + "/model");
    assertThat(registry.findVersionFile("iris", 1, ArtifactPath.parse("data/w.bin")))
        .contains(file("data/w.bin", weights));
    assertThat(registry.findVersionFile("iris", 1, ArtifactPath.parse("data"))).isEmpty();
    assertThat(registry.findVersionFile("iris", 1, ArtifactPath.parse("missing"))).isEmpty();
    fails(
        () -> registry.findVersionFile("iris", 2, ArtifactPath.parse("MLmodel")),
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        "Model Version (name=iris, version=2) not found");
  }

  @Test
  void filesOutliveTheRunsArtifacts() {
    version("iris", "runs:/" + run + "/model");
    assertThat(artifacts.delete(run, ArtifactPath.ROOT)).isEqualTo(3);
    assertThat(registry.versionFiles("iris", 1))
        .containsExactly(file("MLmodel", mlmodel), file("data/w.bin", weights));
    assertThat(referenced()).containsExactlyInAnyOrder(mlmodel.digest(), weights.digest());
  }

  @Test
  void eachReferencedDigestIsPassedOnceAndDeletionsDropThem() {
    version("iris", "runs:/" + run + "/model");
    version("iris", "runs:/" + run);
    model("other");
    version("other", "runs:/" + run + "/plots");
    registry.renameRegisteredModel("other", "renamed");
    assertThat(referenced())
        .containsExactlyInAnyOrder(mlmodel.digest(), weights.digest(), plot.digest());

    registry.deleteModelVersion("iris", 2);
    assertThat(referenced())
        .containsExactlyInAnyOrder(mlmodel.digest(), weights.digest(), plot.digest());
    registry.deleteRegisteredModel("renamed");
    assertThat(referenced()).containsExactlyInAnyOrder(mlmodel.digest(), weights.digest());
    registry.deleteRegisteredModel("iris");
    assertThat(referenced()).isEmpty();
  }

  @Test
  void aModelsSourceCopiesTheVersionsFiles() {
    version("iris", "runs:/" + run + "/model");
    version("iris", "runs:/" + run + "/plots");
    registry.setAlias("iris", "champion", 1);
    registry.transitionStage("iris", 2, io.galley.core.registry.ModelStage.STAGING, false);
    model("copy");
    ModelVersion copied = version("copy", "models:/iris/1");
    assertThat(copied.source()).isEqualTo("models:/iris/1");
    assertThat(copied.runId()).isEqualTo(run);
    assertThat(registry.versionFiles("copy", 1)).isEqualTo(registry.versionFiles("iris", 1));
    version("copy", "models:/iris@champion");
    version("copy", "models:/iris/Staging");
    version("copy", "models:/iris/latest");
    assertThat(registry.versionFiles("copy", 2)).isEqualTo(registry.versionFiles("iris", 1));
    assertThat(registry.versionFiles("copy", 3)).isEqualTo(registry.versionFiles("iris", 2));
    assertThat(registry.versionFiles("copy", 4)).isEqualTo(registry.versionFiles("iris", 2));
    // The copy keeps the blobs when the original goes.
    registry.deleteRegisteredModel("iris");
    assertThat(referenced())
        .containsExactlyInAnyOrder(mlmodel.digest(), weights.digest(), plot.digest());
  }

  @Test
  void anUnresolvableModelsSourceIsRefused() {
    version("iris");
    String message = "Unable to fetch model from model URI source artifact location";
    invalid(() -> version("iris", "models:/iris/9"), message);
    invalid(() -> version("iris", "models:/iris@nope"), "has no alias nope");
    invalid(() -> version("iris", "models:/iris/Production"), "no version in stage Production");
    invalid(() -> version("iris", "models:/nope/latest"), "'nope' has no version");
    invalid(() -> version("iris", "models:/"), "Not a model reference");
    assertThat(version("iris").version()).isEqualTo(2);
  }

  @Test
  void concurrentRegistrationsNumberVersionsWithoutGapsOrRepeats() throws Exception {
    int threads = 8;
    int each = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Callable<List<Long>>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        tasks.add(
            () -> {
              List<Long> mine = new ArrayList<>();
              for (int i = 0; i < each; i++) {
                mine.add(version("iris", "runs:/" + run + "/model").version());
              }
              return mine;
            });
      }
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> f : pool.invokeAll(tasks)) {
        all.addAll(f.get());
      }
      assertThat(all)
          .containsExactlyInAnyOrderElementsOf(
              LongStream.rangeClosed(1, threads * each).boxed().toList());
    } finally {
      pool.shutdownNow();
    }
    assertThat(registry.getModelVersion("iris", threads * each).version())
        .isEqualTo(threads * each);
    assertThat(registry.versionFiles("iris", threads * each)).hasSize(2);
    assertThat(version("iris").version()).isEqualTo(threads * each + 1);
  }
}
