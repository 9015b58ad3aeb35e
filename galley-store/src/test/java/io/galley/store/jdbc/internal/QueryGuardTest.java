package io.galley.store.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.Cancellation;
import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import io.galley.store.StoreConfig;
import io.galley.store.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The store's guards on real H2 and PostgreSQL: the statement timeout stops a long statement with
 * DEADLINE_EXCEEDED, a caller who leaves stops its statement with CANCELLED, and searches never
 * hold more than their share of connections. The JUnit timeouts only keep a broken guard from
 * hanging the build.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class QueryGuardTest {
  @TempDir Path tempDir;

  private Jdbi jdbi(String database, Duration timeout, int searches, Duration wait) {
    StoreConfig config =
        database.equals("h2") ? TestDatabases.h2(tempDir) : TestDatabases.postgres();
    Properties credentials = new Properties();
    if (config.user() != null) {
      credentials.setProperty("user", config.user());
    }
    if (config.password() != null) {
      credentials.setProperty("password", config.password());
    }
    Jdbi jdbi = Jdbi.create(config.jdbcUrl(), credentials);
    QueryGuard.install(jdbi, timeout, searches, wait);
    return jdbi;
  }

  /** A statement that runs for minutes unless stopped. */
  private static String slow(String database) {
    return database.equals("h2")
        ? "SELECT SUM(X) FROM SYSTEM_RANGE(1, 1000000000000) WHERE MOD(X, 7) = 3"
        : "SELECT pg_sleep(600)";
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void aStatementPastTheTimeoutIsStoppedAndTheStoreSaysWhy(String database) {
    Db db = new Db(jdbi(database, Duration.ofSeconds(1), 4, Duration.ZERO));
    assertThatThrownBy(
            () -> db.inTransaction(h -> h.createQuery(slow(database)).mapTo(Long.class).one()))
        .isInstanceOfSatisfying(
            GalleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED))
        .hasMessageContaining("allows (1 s)")
        .hasMessageNotContaining("SELECT");
    Integer one = db.inTransaction(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
    assertThat(one).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void theStatementOfACallerWhoLeftIsStopped(String database) throws Exception {
    Db db = new Db(jdbi(database, Duration.ZERO, 4, Duration.ZERO));
    Cancellation caller = new Cancellation();
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<Object> query =
        CompletableFuture.supplyAsync(
            () -> {
              Cancellation.Binding bound = Cancellation.bind(caller);
              try {
                started.countDown();
                return db.inTransaction(h -> h.createQuery(slow(database)).mapTo(Long.class).one());
              } finally {
                bound.close();
              }
            });
    started.await();
    Thread.sleep(500); // let the statement start; cancelling earlier stops it before it runs
    caller.cancel();
    assertThat(query)
        .failsWithin(Duration.ofSeconds(60))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause()
        .isInstanceOfSatisfying(
            GalleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
    // A caller already gone runs nothing at all.
    Cancellation.Binding bound = Cancellation.bind(caller);
    try {
      assertThatThrownBy(
              () -> db.inTransaction(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()))
          .isInstanceOfSatisfying(
              GalleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
    } finally {
      bound.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void searchesHoldNoMoreThanTheirShareWhileOtherCallsGoOn(String database) throws Exception {
    Db db = new Db(jdbi(database, Duration.ZERO, 1, Duration.ofMillis(200)));
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Integer> first =
        CompletableFuture.supplyAsync(
            () ->
                db.inSearch(
                    h -> {
                      holding.countDown();
                      await(release);
                      return h.createQuery("SELECT 1").mapTo(Integer.class).one();
                    }));
    holding.await();
    assertThatThrownBy(() -> db.inSearch(h -> 2))
        .isInstanceOfSatisfying(
            GalleyException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.TEMPORARILY_UNAVAILABLE))
        .hasMessageContaining("as many searches as it allows at once (1)");
    Integer three = db.inTransaction(h -> h.createQuery("SELECT 3").mapTo(Integer.class).one());
    assertThat(three).isEqualTo(3);
    release.countDown();
    assertThat(first.get(60, TimeUnit.SECONDS)).isEqualTo(1);
    Integer four = db.inSearch(h -> 4);
    assertThat(four).isEqualTo(4);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
