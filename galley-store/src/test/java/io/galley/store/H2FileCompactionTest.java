package io.galley.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.core.search.SearchFilter;
import io.galley.core.tracking.Metric;
import io.galley.core.tracking.NewRun;
import io.galley.core.tracking.RunQuery;
import io.galley.core.tracking.ViewType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database's file, which every commit grows by a chunk while the store is open, is
 * compacted when the store closes and, when a kill left it large, when the store next opens; what
 * it holds survives either.
 */
class H2FileCompactionTest {
  private static final int COMMITS = 6000;

  @TempDir Path dir;
  @TempDir Path killed;

  @Test
  void closingTheStoreShrinksTheFileItsCommitsGrew() throws Exception {
    Path file = dir.resolve("galley.mv.db");
    String exp;
    String runId;
    long grown;
    try (JdbcStore store = JdbcStore.open(StoreConfig.fromUri(null, dir))) {
      exp = store.tracking().createExperiment("grow", null, List.of()).experimentId();
      runId = store.tracking().createRun(new NewRun(exp, "ada", "r", 1, List.of())).info().runId();
      for (int i = 0; i < COMMITS; i++) {
        store
            .tracking()
            .logBatch(
                runId, List.of(new Metric("loss", 1.0 / (i + 1), i, i)), List.of(), List.of());
      }
      grown = Files.size(file);
      // The file as a kill -9 would leave it: no writes run, and the OS has every byte written.
      Files.copy(file, killed.resolve("galley.mv.db"));
    }
    long closed = Files.size(file);

    assertThat(grown)
        .as("%d one-metric commits grew the file", COMMITS)
        .isGreaterThan(H2FileCompaction.MIN_FILE_BYTES);
    assertThat(closed).as("compacted on close, from %d bytes", grown).isLessThan(grown / 4);
    try (JdbcStore restarted = JdbcStore.open(StoreConfig.fromUri(null, killed))) {
      long atStart = Files.size(killed.resolve("galley.mv.db"));
      assertThat(atStart).as("compacted at start, from %d bytes", grown).isLessThan(grown / 4);
      assertThat(restarted.tracking().getMetricHistory(runId, "loss", 100_000, null).items())
          .hasSize(COMMITS);
    }
    try (JdbcStore reopened = JdbcStore.open(StoreConfig.fromUri(null, dir))) {
      assertThat(reopened.tracking().getMetricHistory(runId, "loss", 100_000, null).items())
          .hasSize(COMMITS);
      assertThat(
              reopened
                  .tracking()
                  .searchRuns(
                      new RunQuery(
                          List.of(exp), SearchFilter.MATCH_ALL, ViewType.ALL, 10, List.of(), null))
                  .items())
          .hasSize(1);
    }
  }
}
