package io.galley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.InvalidRequestException;
import io.galley.core.NotFoundException;
import io.galley.core.artifact.Artifact;
import io.galley.core.artifact.ArtifactIndex;
import io.galley.core.artifact.ArtifactPath;
import io.galley.core.artifact.FileInfo;
import io.galley.core.blob.Digest;
import io.galley.core.tracking.NewRun;
import io.galley.core.tracking.TrackingStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link ArtifactIndex} must do. Each database runs it through a subclass; every test
 * gets a fresh, migrated database with one active run.
 */
abstract class ArtifactIndexContractTest {
  @TempDir Path tempDir;
  JdbcStore jdbc;
  TrackingStore tracking;
  ArtifactIndex index;
  String run;

  /** A fresh, empty database. */
  abstract StoreConfig database(Path tempDir);

  @BeforeEach
  void open() {
    jdbc = JdbcStore.open(database(tempDir));
    tracking = jdbc.tracking();
    index = jdbc.artifacts();
    run = newRun();
  }

  @AfterEach
  void close() {
    if (jdbc != null) {
      jdbc.close();
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  String newRun() {
    return tracking.createRun(new NewRun("0", "alice", null, 1, List.of())).info().runId();
  }

  static Digest digest(int n) {
    return new Digest(String.format("%064x", n));
  }

  static ArtifactPath p(String path) {
    return ArtifactPath.parse(path);
  }

  static Artifact file(String path, int n) {
    return new Artifact(p(path), digest(n), n * 10L);
  }

  Artifact put(String path, int n) {
    Artifact a = file(path, n);
    index.put(run, a);
    return a;
  }

  static FileInfo dir(String path) {
    return new FileInfo(path, true, null);
  }

  static FileInfo info(Artifact a) {
    return new FileInfo(a.path().value(), false, a.size());
  }

  // ---- put and find ------------------------------------------------------------------------

  @Test
  void putThenFind() {
    Artifact a = put("model/MLmodel", 1);
    assertThat(index.find(run, p("model/MLmodel"))).contains(a);
    assertThat(index.find(run, p("model"))).isEmpty();
    assertThat(index.find(run, p("other"))).isEmpty();
    assertThat(index.find(run, ArtifactPath.ROOT)).isEmpty();
  }

  @Test
  void putReplacesTheFileAtAPath() {
    put("a.txt", 1);
    Artifact replaced = put("a.txt", 2);
    assertThat(index.find(run, p("a.txt"))).contains(replaced);
    assertThat(index.walk(run, ArtifactPath.ROOT)).containsExactly(replaced);
  }

  @Test
  void runsHaveSeparateTrees() {
    String other = newRun();
    Artifact mine = put("x", 1);
    Artifact theirs = file("x", 2);
    index.put(other, theirs);
    assertThat(index.find(run, p("x"))).contains(mine);
    assertThat(index.find(other, p("x"))).contains(theirs);
    assertThat(index.delete(other, p("x"))).isEqualTo(1);
    assertThat(index.find(run, p("x"))).contains(mine);
  }

  @Test
  void emptyFileIsAFile() {
    Artifact empty = new Artifact(p("empty"), digest(0), 0);
    index.put(run, empty);
    assertThat(index.list(run, ArtifactPath.ROOT))
        .containsExactly(new FileInfo("empty", false, 0L));
  }

  // ---- list --------------------------------------------------------------------------------

  @Test
  void listsDirectChildrenAtEveryLevel() {
    Artifact readme = put("README", 1);
    Artifact mlmodel = put("model/MLmodel", 2);
    Artifact weights = put("model/data/weights.bin", 3);
    Artifact conda = put("model/conda.yaml", 4);
    Artifact deep = put("model/data/sub/x", 5);
    put("plots/loss.png", 6);

    assertThat(index.list(run, ArtifactPath.ROOT))
        .containsExactly(info(readme), dir("model"), dir("plots"));
    assertThat(index.list(run, p("model")))
        .containsExactly(info(mlmodel), info(conda), dir("model/data"));
    assertThat(index.list(run, p("model/data")))
        .containsExactly(dir("model/data/sub"), info(weights));
    assertThat(index.list(run, p("model/data/sub"))).containsExactly(info(deep));
  }

  @Test
  void listIsSortedByPathInCodePointOrder() {
    for (String name : List.of("b", "B", "a-b", "a/x", "a.b", "_", "z", "é", "😀", "\uff21")) {
      put(name, 1);
    }
    // By code point (UTF-8 byte order), not UTF-16 order, which puts the emoji before U+FF21.
    // The directory "a" sorts by its own path.
    assertThat(index.list(run, ArtifactPath.ROOT))
        .extracting(FileInfo::path)
        .containsExactly("B", "_", "a", "a-b", "a.b", "b", "z", "é", "\uff21", "😀");
  }

  @Test
  void listOfAMissingDirectoryIsEmpty() {
    put("model/MLmodel", 1);
    assertThat(index.list(run, p("nothing"))).isEmpty();
    assertThat(index.list(run, p("model/MLmodel/below"))).isEmpty();
    assertThat(index.list(newRun(), ArtifactPath.ROOT)).isEmpty();
  }

  @Test
  void aFileHasNoChildrenAsInMlflow() {
    Artifact a = put("model/MLmodel", 1);
    put("model/MLmodel2", 2);
    assertThat(index.list(run, p("model/MLmodel"))).isEmpty();
    assertThat(index.find(run, p("model/MLmodel"))).contains(a);
  }

  @Test
  void aDirectoryIsNotMatchedByASiblingThatSharesItsName() {
    put("model/a", 1);
    Artifact sibling = put("model-v2/b", 2);
    Artifact longer = put("modelx", 3);
    assertThat(index.list(run, p("model"))).containsExactly(info(file("model/a", 1)));
    assertThat(index.walk(run, p("model-v2"))).containsExactly(sibling);
    assertThat(index.walk(run, p("modelx"))).containsExactly(longer);
  }

  // ---- special characters ------------------------------------------------------------------

  @Test
  void likeWildcardsInPathsMatchOnlyThemselves() {
    Artifact percent = put("100%/a", 1);
    put("100x/b", 2);
    put("1000/c", 3);
    Artifact underscore = put("a_b/x", 4);
    put("aXb/y", 5);
    Artifact bang = put("wow!/z", 6);
    put("wow!!/w", 7);
    Artifact both = put("%_!/q", 8);
    put("ab!/r", 9);

    assertThat(index.list(run, p("100%"))).containsExactly(info(percent));
    assertThat(index.walk(run, p("a_b"))).containsExactly(underscore);
    assertThat(index.walk(run, p("wow!"))).containsExactly(bang);
    assertThat(index.walk(run, p("%_!"))).containsExactly(both);
    assertThat(index.delete(run, p("a_b"))).isEqualTo(1);
    assertThat(index.find(run, p("aXb/y"))).isPresent();
    // A file named like a wildcard does not make every path look like a directory.
    index.put(run, file("%", 10));
    index.put(run, file("_", 11));
    assertThat(index.find(run, p("%"))).isPresent();
  }

  @Test
  void backslashIsNotAPathCharacter() {
    assertThatThrownBy(() -> ArtifactPath.parse("a\\b"))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void unicodePathsRoundTrip() {
    Artifact a = put("モデル/重み.bin", 1);
    Artifact b = put("모델/😀 emoji.txt", 2);
    Artifact c = put("Ünïcödé/ß", 3);
    assertThat(index.find(run, p("モデル/重み.bin"))).contains(a);
    assertThat(index.list(run, p("모델"))).containsExactly(info(b));
    assertThat(index.list(run, ArtifactPath.ROOT))
        .containsExactly(dir("Ünïcödé"), dir("モデル"), dir("모델"));
    assertThat(index.walk(run, p("Ünïcödé"))).containsExactly(c);
  }

  @Test
  void longestPathFits() {
    // 4096 characters of 3-byte UTF-8: far more than a PostgreSQL btree entry may hold.
    String segment = "重".repeat(200);
    StringBuilder sb = new StringBuilder(segment);
    while (sb.length() + 1 + segment.length() <= ArtifactPath.MAX_LENGTH) {
      sb.append('/').append(segment);
    }
    sb.append('/');
    sb.append("x".repeat(ArtifactPath.MAX_LENGTH - sb.length()));
    String path = sb.toString();
    assertThat(path.length()).isEqualTo(ArtifactPath.MAX_LENGTH);
    Artifact a = put(path, 1);
    assertThat(index.find(run, p(path))).contains(a);
    assertThat(index.list(run, ArtifactPath.ROOT)).containsExactly(dir(segment));
    assertThat(index.walk(run, p(segment))).containsExactly(a);
  }

  // ---- file versus directory ---------------------------------------------------------------

  @Test
  void aFileCannotReplaceADirectory() {
    put("model/MLmodel", 1);
    assertThatThrownBy(() -> put("model", 2))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'model'")
        .hasMessageContaining("directory");
    assertThat(index.list(run, ArtifactPath.ROOT)).containsExactly(dir("model"));
  }

  @Test
  void aFileCannotGoBelowAFile() {
    put("a/b", 1);
    assertThatThrownBy(() -> put("a/b/c", 2))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'a/b' is a file");
    assertThatThrownBy(() -> put("a/b/c/d", 2)).isInstanceOf(InvalidRequestException.class);
    assertThat(index.walk(run, ArtifactPath.ROOT)).containsExactly(file("a/b", 1));
  }

  @Test
  void afterDeletingTheFileItsPathMayBecomeADirectory() {
    put("a", 1);
    index.delete(run, p("a"));
    Artifact below = put("a/b", 2);
    assertThat(index.walk(run, ArtifactPath.ROOT)).containsExactly(below);
  }

  @Test
  void concurrentWritersCannotMakeAPathBothFileAndDirectory() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String path = i % 2 == 0 ? "x" : "x/y" + i;
        int n = i;
        writes.add(pool.submit(() -> index.put(run, file(path, n))));
      }
      int refused = 0;
      for (Future<?> w : writes) {
        try {
          w.get();
        } catch (ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(InvalidRequestException.class);
          refused++;
        }
      }
      List<Artifact> tree = index.walk(run, ArtifactPath.ROOT);
      boolean isFile = tree.stream().anyMatch(a -> a.path().value().equals("x"));
      boolean isDir = tree.stream().anyMatch(a -> a.path().value().startsWith("x/"));
      assertThat(isFile).isNotEqualTo(isDir);
      assertThat(refused).isPositive();
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- walk --------------------------------------------------------------------------------

  @Test
  void walkReturnsEveryFileAtOrBelowSorted() {
    Artifact z = put("z", 1);
    Artifact ab = put("a/b", 2);
    Artifact aCd = put("a/c/d", 3);
    Artifact aa = put("a/a", 4);
    assertThat(index.walk(run, ArtifactPath.ROOT)).containsExactly(aa, ab, aCd, z);
    assertThat(index.walk(run, p("a"))).containsExactly(aa, ab, aCd);
    assertThat(index.walk(run, p("a/c/d"))).containsExactly(aCd);
    assertThat(index.walk(run, p("missing"))).isEmpty();
  }

  // ---- delete ------------------------------------------------------------------------------

  @Test
  void deleteAFile() {
    put("a/b", 1);
    Artifact keep = put("a/c", 2);
    assertThat(index.delete(run, p("a/b"))).isEqualTo(1);
    assertThat(index.find(run, p("a/b"))).isEmpty();
    assertThat(index.walk(run, ArtifactPath.ROOT)).containsExactly(keep);
    assertThat(index.delete(run, p("a/b"))).isZero();
  }

  @Test
  void deleteADirectoryRemovesEverythingBelow() {
    put("model/MLmodel", 1);
    put("model/data/w", 2);
    Artifact keep = put("model-card.md", 3);
    Artifact keepToo = put("models/x", 4);
    assertThat(index.delete(run, p("model"))).isEqualTo(2);
    assertThat(index.walk(run, ArtifactPath.ROOT)).containsExactly(keep, keepToo);
  }

  @Test
  void deleteTheRootEmptiesTheTree() {
    put("a", 1);
    put("b/c", 2);
    assertThat(index.delete(run, ArtifactPath.ROOT)).isEqualTo(2);
    assertThat(index.list(run, ArtifactPath.ROOT)).isEmpty();
  }

  // ---- runs --------------------------------------------------------------------------------

  @Test
  void aDeletedRunRefusesWritesButAllowsReads() {
    Artifact a = put("model/MLmodel", 1);
    tracking.deleteRun(run);
    assertThatThrownBy(() -> put("other", 2))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("must be in the 'active' state");
    assertThatThrownBy(() -> index.delete(run, p("model")))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(index.find(run, p("model/MLmodel"))).contains(a);
    assertThat(index.list(run, ArtifactPath.ROOT)).containsExactly(dir("model"));
    assertThat(index.walk(run, ArtifactPath.ROOT)).containsExactly(a);
    tracking.restoreRun(run);
    assertThat(index.delete(run, p("model"))).isEqualTo(1);
  }

  @Test
  void anUnknownRunIsNotFound() {
    String unknown = "0123456789abcdef0123456789abcdef";
    assertThatThrownBy(() -> index.put(unknown, file("a", 1)))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(unknown);
    assertThatThrownBy(() -> index.find(unknown, p("a"))).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> index.list(unknown, ArtifactPath.ROOT))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> index.walk(unknown, ArtifactPath.ROOT))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> index.delete(unknown, p("a"))).isInstanceOf(NotFoundException.class);
  }

  // ---- garbage collection ------------------------------------------------------------------

  @Test
  void referencedDigestsAreListedOnce() {
    String other = newRun();
    put("a", 1);
    put("b", 1);
    put("c/d", 2);
    index.put(other, file("x", 1));
    index.put(other, file("y", 3));
    put("e", 4);
    index.delete(run, p("e"));
    List<Digest> seen = new ArrayList<>();
    index.forEachReferencedDigest(seen::add);
    assertThat(seen).containsExactlyInAnyOrder(digest(1), digest(2), digest(3));
  }

  @Test
  void noDigestsInAnEmptyStore() {
    List<Digest> seen = new ArrayList<>();
    index.forEachReferencedDigest(seen::add);
    assertThat(seen).isEmpty();
  }
}
