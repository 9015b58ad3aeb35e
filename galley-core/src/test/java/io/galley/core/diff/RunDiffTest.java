package io.galley.core.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.tuple;

import io.galley.core.diff.LibraryDiff.LibraryChange;
import io.galley.core.environment.Environment;
import io.galley.core.environment.GitState;
import io.galley.core.environment.Library;
import io.galley.core.environment.MavenCoordinates;
import io.galley.core.environment.RecordedEnvironment;
import io.galley.core.tracking.Dataset;
import io.galley.core.tracking.DatasetInput;
import io.galley.core.tracking.LifecycleStage;
import io.galley.core.tracking.Metric;
import io.galley.core.tracking.Param;
import io.galley.core.tracking.Run;
import io.galley.core.tracking.RunData;
import io.galley.core.tracking.RunInfo;
import io.galley.core.tracking.RunStatus;
import io.galley.core.tracking.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The comparison of two runs, section by section, on hand-made records. */
class RunDiffTest {
  private static final String SHA_1 = "1".repeat(64);
  private static final String SHA_2 = "2".repeat(64);

  @Test
  void paramsMetricsAndTagsShowChangedAndOneSidedKeys() {
    Run a =
        run(
            "a",
            List.of(new Param("lr", "0.1"), new Param("seed", "42"), new Param("only", "a")),
            List.of(new Metric("acc", 0.9, 1, 3), new Metric("system/cpu", 10, 1, 0)),
            List.of(new Tag("team", "vision"), new Tag("mlflow.runName", "first")));
    Run b =
        run(
            "b",
            List.of(new Param("lr", "0.2"), new Param("seed", "42"), new Param("epochs", "5")),
            List.of(
                new Metric("acc", 0.95, 1, 3),
                new Metric("loss", Double.NaN, 1, 0),
                new Metric("system/cpu", 90, 1, 0)),
            List.of(new Tag("team", "vision"), new Tag("mlflow.runName", "second")));
    RunDiff all = RunDiff.between(compared(a), compared(b));
    assertThat(all.params())
        .containsExactly(
            new ValueDiff("epochs", Change.ONLY_B, null, "5", false),
            new ValueDiff("lr", Change.CHANGED, "0.1", "0.2", false),
            new ValueDiff("only", Change.ONLY_A, "a", null, false),
            new ValueDiff("seed", Change.SAME, "42", "42", false));
    assertThat(all.metrics().get(0))
        .isEqualTo(new MetricDiff("acc", Change.CHANGED, 0.9, 0.95, false));
    assertThat(all.metrics().get(0).delta()).isCloseTo(0.05, offset(1e-12));
    assertThat(all.metrics().get(1).change()).isEqualTo(Change.ONLY_B);
    assertThat(all.metrics().get(1).delta()).isNull();
    assertThat(all.metrics().get(2).incidental()).isTrue();
    assertThat(all.tags())
        .containsExactly(
            new ValueDiff("mlflow.runName", Change.CHANGED, "first", "second", true),
            new ValueDiff("team", Change.SAME, "vision", "vision", false));

    RunDiff shown = all.differencesOnly();
    assertThat(shown.params()).extracting(ValueDiff::key).containsExactly("epochs", "lr", "only");
    assertThat(shown.metrics()).extracting(MetricDiff::key).containsExactly("acc", "loss");
    assertThat(shown.tags()).isEmpty();
    assertThat(shown.run()).isEmpty(); // names and times differ, incidentally
    assertThat(shown.hasDifferences()).isTrue();
  }

  @Test
  void librariesChangeByVersion_ByContentAtTheSameVersion_OrByPresence() {
    RecordedEnvironment a =
        env(
            List.of(
                lib("g:same", "1", SHA_1, "same-1.jar"),
                lib("g:bumped", "1", SHA_1, "bumped-1.jar"),
                lib("g:rebuilt", "2-SNAPSHOT", SHA_1, "rebuilt.jar"),
                lib("g:gone", "3", SHA_1, "gone.jar"),
                lib("g:same", "9", SHA_2, "shadowed.jar")),
            GitState.ofTags("c1", "main", null, false));
    RecordedEnvironment b =
        env(
            List.of(
                lib("g:same", "1", SHA_1, "same-1.jar"),
                lib("g:bumped", "2", SHA_2, "bumped-2.jar"),
                lib("g:rebuilt", "2-SNAPSHOT", SHA_2, "rebuilt.jar"),
                lib("g:new", "1", null, null)),
            GitState.ofTags("c2", "main", null, true));
    Run r = run("x", List.of(), List.of(), List.of());
    RunDiff all = RunDiff.between(new ComparedRun(r, a), new ComparedRun(r, b));
    assertThat(all.libraries())
        .extracting(LibraryDiff::name, LibraryDiff::change)
        .containsExactly(
            tuple("g:bumped", LibraryChange.VERSION_CHANGED),
            tuple("g:gone", LibraryChange.REMOVED),
            tuple("g:new", LibraryChange.ADDED),
            tuple("g:rebuilt", LibraryChange.CONTENT_CHANGED),
            tuple("g:same", LibraryChange.SAME));
    assertThat(all.git())
        .containsExactly(
            new ValueDiff("commit", Change.CHANGED, "c1", "c2", false),
            new ValueDiff("branch", Change.SAME, "main", "main", false),
            new ValueDiff("dirty", Change.CHANGED, "false", "true", false));
  }

  @Test
  void environmentComparesPropertiesArgumentsAndVariables() {
    RecordedEnvironment a =
        RecordedEnvironment.ofArtifact(
            new Environment(
                1,
                null,
                0,
                Map.of("java.version", "17.0.1", "os.arch", "amd64"),
                List.of("-Xmx1g"),
                List.of(),
                null,
                Map.of("TZ", "UTC"),
                List.of()));
    RecordedEnvironment b =
        RecordedEnvironment.fromTags(List.of(new Tag("galley.env.java.version", "21")));
    Run r = run("x", List.of(), List.of(), List.of());
    RunDiff all = RunDiff.between(new ComparedRun(r, a), new ComparedRun(r, b));
    assertThat(all.environmentB()).isEqualTo(RecordedEnvironment.Source.TAGS);
    assertThat(all.environment())
        .containsExactly(
            new ValueDiff("java.version", Change.CHANGED, "17.0.1", "21", false),
            new ValueDiff("os.arch", Change.ONLY_A, "amd64", null, false),
            new ValueDiff("jvm-arguments", Change.ONLY_A, "-Xmx1g", null, false),
            new ValueDiff("env.TZ", Change.ONLY_A, "UTC", null, false));
  }

  @Test
  void datasetsCompareByNameAndContextWithTheirContentDigests() {
    Run a =
        withInputs(
            input("train.csv", "training", "aaaa1111", "sha256:" + SHA_1),
            input("eval.csv", null, "e", null));
    Run b =
        withInputs(
            input("train.csv", "training", "bbbb2222", "sha256:" + SHA_2),
            input("eval.csv", null, "e", null));
    RunDiff all =
        RunDiff.between(
            new ComparedRun(a, RecordedEnvironment.none()),
            new ComparedRun(b, RecordedEnvironment.none()));
    assertThat(all.datasets())
        .containsExactly(
            new DatasetDiff("eval.csv", Change.SAME, "e", "e", null, null),
            new DatasetDiff(
                "train.csv [training]",
                Change.CHANGED,
                "aaaa1111",
                "bbbb2222",
                "sha256:" + SHA_1,
                "sha256:" + SHA_2));
    assertThat(all.git()).isEmpty();
    assertThat(all.differencesOnly().datasets()).hasSize(1);
  }

  @Test
  void aRunComparedWithItselfHasNoDifferences() {
    Run a =
        run(
            "a",
            List.of(new Param("lr", "1")),
            List.of(new Metric("m", Double.NaN, 1, 1)),
            List.of());
    RunDiff self = RunDiff.between(compared(a), compared(a));
    assertThat(self.hasDifferences()).isFalse();
    assertThat(self.differencesOnly().params()).isEmpty();
    assertThat(self.differencesOnly().metrics()).isEmpty();
  }

  private static ComparedRun compared(Run run) {
    return new ComparedRun(run, RecordedEnvironment.fromTags(run.data().tags()));
  }

  private static RecordedEnvironment env(List<Library> libraries, GitState git) {
    return RecordedEnvironment.ofArtifact(
        new Environment(1, null, 0, Map.of(), List.of(), libraries, git, Map.of(), List.of()));
  }

  /** A jar with coordinates: {@code name} is {@code groupId:artifactId}. */
  private static Library lib(
      String name, String version, @Nullable String sha256, @Nullable String fileName) {
    String[] ga = name.split(":");
    return new Library(
        null, fileName, false, 0, sha256, new MavenCoordinates(ga[0], ga[1], version), List.of());
  }

  private static Run run(String name, List<Param> params, List<Metric> metrics, List<Tag> tags) {
    return new Run(info(name), new RunData(metrics, params, tags), List.of());
  }

  private static Run withInputs(DatasetInput... inputs) {
    return new Run(info("d"), new RunData(List.of(), List.of(), List.of()), List.of(inputs));
  }

  private static DatasetInput input(String name, String context, String digest, String content) {
    List<Tag> tags = new ArrayList<>();
    if (context != null) {
      tags.add(new Tag("mlflow.data.context", context));
    }
    if (content != null) {
      tags.add(new Tag(DatasetInput.CONTENT_DIGEST_TAG, content));
    }
    return new DatasetInput(tags, new Dataset(name, digest, "local", "{}", null, null));
  }

  private static RunInfo info(String name) {
    return new RunInfo(
        "id-" + name,
        "1",
        name,
        "ada",
        RunStatus.FINISHED,
        1_700_000_000_000L + name.hashCode(),
        null,
        "mlflow-artifacts:/1/id/artifacts",
        LifecycleStage.ACTIVE);
  }
}
