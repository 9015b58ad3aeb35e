package io.galley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.AlreadyExistsException;
import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import io.galley.core.InvalidRequestException;
import io.galley.core.NotFoundException;
import io.galley.core.search.Comparator;
import io.galley.core.search.Comparison;
import io.galley.core.search.EntityType;
import io.galley.core.search.FilterValue;
import io.galley.core.search.OrderBy;
import io.galley.core.search.SearchFilter;
import io.galley.core.tracking.Dataset;
import io.galley.core.tracking.DatasetInput;
import io.galley.core.tracking.Experiment;
import io.galley.core.tracking.ExperimentKeys;
import io.galley.core.tracking.ExperimentQuery;
import io.galley.core.tracking.ExperimentSummary;
import io.galley.core.tracking.LeaderboardEntry;
import io.galley.core.tracking.LeaderboardQuery;
import io.galley.core.tracking.LifecycleStage;
import io.galley.core.tracking.Metric;
import io.galley.core.tracking.MetricAggregate;
import io.galley.core.tracking.MetricSummary;
import io.galley.core.tracking.NewRun;
import io.galley.core.tracking.Page;
import io.galley.core.tracking.Param;
import io.galley.core.tracking.Run;
import io.galley.core.tracking.RunInfo;
import io.galley.core.tracking.RunQuery;
import io.galley.core.tracking.RunStatus;
import io.galley.core.tracking.RunUpdate;
import io.galley.core.tracking.Tag;
import io.galley.core.tracking.TrackingStore;
import io.galley.core.tracking.ViewType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link TrackingStore} must do, as MLflow's SqlAlchemyStore does it. Each database runs
 * it through a subclass; every test gets a fresh, migrated database.
 */
abstract class TrackingStoreContractTest {
  @TempDir Path tempDir;
  JdbcStore jdbc;
  TrackingStore store;

  /** A fresh, empty database. */
  abstract StoreConfig database(Path tempDir);

  @BeforeEach
  void open() {
    jdbc = JdbcStore.open(database(tempDir));
    store = jdbc.tracking();
  }

  @AfterEach
  void close() {
    if (jdbc != null) {
      jdbc.close();
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  String experiment(String name) {
    return store.createExperiment(name, null, List.of()).experimentId();
  }

  Run run(String experimentId, String name, long startTime) {
    return store.createRun(new NewRun(experimentId, "alice", name, startTime, List.of()));
  }

  static Metric metric(String key, double value, long timestamp, long step) {
    return new Metric(key, value, timestamp, step);
  }

  static Comparison cmp(EntityType type, String key, Comparator c, String value) {
    return new Comparison(type, key, c, new FilterValue.Text(value));
  }

  static Comparison cmp(EntityType type, String key, Comparator c, double value) {
    return new Comparison(type, key, c, new FilterValue.Number(value));
  }

  static Comparison in(EntityType type, String key, boolean not, String... values) {
    return new Comparison(
        type,
        key,
        not ? Comparator.NOT_IN : Comparator.IN,
        new FilterValue.TextList(List.of(values)));
  }

  Page<Run> search(List<String> experimentIds, List<Comparison> filter, List<OrderBy> order) {
    return store.searchRuns(
        new RunQuery(
            experimentIds, new SearchFilter(filter), ViewType.ACTIVE_ONLY, 1000, order, null));
  }

  List<String> names(Page<Run> page) {
    return page.items().stream().map(r -> r.info().runName()).toList();
  }

  List<String> matching(String experimentId, Comparison... filter) {
    return names(search(List.of(experimentId), List.of(filter), List.of(OrderBy_name())));
  }

  static OrderBy OrderBy_name() {
    return new OrderBy(EntityType.ATTRIBUTE, "run_name", true);
  }

  static void assertError(
      Runnable call, Class<? extends GalleyException> type, ErrorCode code, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOf(type)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((GalleyException) e).code()).isEqualTo(code));
  }

  // ---- experiments -------------------------------------------------------------------------

  @Test
  void defaultExperimentExistsAfterMigration() {
    Experiment e = store.getExperiment("0");
    assertThat(e.name()).isEqualTo("Default");
    assertThat(e.artifactLocation()).isEqualTo("mlflow-artifacts:/0");
    assertThat(e.lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
    assertThat(e.creationTime()).isGreaterThan(1_600_000_000_000L);
  }

  @Test
  void createExperimentAssignsIncreasingIdsAndDefaultLocation() {
    Experiment a =
        store.createExperiment("a", null, List.of(new Tag("team", "ml"), new Tag("team", "ml2")));
    Experiment b = store.createExperiment("b", "s3://bucket/b", List.of());
    assertThat(Long.parseLong(b.experimentId())).isGreaterThan(Long.parseLong(a.experimentId()));
    assertThat(Long.parseLong(a.experimentId())).isPositive();
    assertThat(a.artifactLocation()).isEqualTo("mlflow-artifacts:/" + a.experimentId());
    assertThat(b.artifactLocation()).isEqualTo("s3://bucket/b");
    Experiment read = store.getExperiment(a.experimentId());
    assertThat(read).isEqualTo(a);
    assertThat(read.tags()).containsExactly(new Tag("team", "ml2"));
  }

  @Test
  void duplicateExperimentNameIsRejectedEvenWhenDeleted() {
    String id = experiment("dup");
    assertError(
        () -> experiment("dup"),
        AlreadyExistsException.class,
        ErrorCode.RESOURCE_ALREADY_EXISTS,
        "Experiment(name=dup) already exists");
    store.deleteExperiment(id);
    assertThatThrownBy(() -> experiment("dup")).isInstanceOf(AlreadyExistsException.class);
  }

  @Test
  void theDefaultExperimentCannotBeDeleted() {
    for (String id : List.of("0", "00")) {
      assertError(
          () -> store.deleteExperiment(id),
          InvalidRequestException.class,
          ErrorCode.INVALID_PARAMETER_VALUE,
          "Cannot delete the default experiment '0'");
    }
    assertThat(store.getExperiment("0").lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
  }

  @Test
  void concurrentCreatesOfOneNameLeaveOneWinner() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        futures.add(
            pool.submit(
                () -> {
                  try {
                    return experiment("race");
                  } catch (AlreadyExistsException e) {
                    return "lost";
                  }
                }));
      }
      List<String> results = new ArrayList<>();
      for (Future<String> f : futures) {
        results.add(f.get());
      }
      assertThat(results.stream().filter(r -> !r.equals("lost"))).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void experimentValidationAndNotFound() {
    assertError(
        () -> store.getExperiment("999"),
        NotFoundException.class,
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        "Experiment with id '999' does not exist.");
    assertThatThrownBy(() -> store.getExperiment("")).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> store.getExperiment("'; DROP TABLE runs; --"))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> store.createExperiment("", null, List.of()))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> store.createExperiment("x", "runs:/abc", List.of()))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void findExperimentByNameFindsDeletedToo() {
    String id = experiment("findme");
    assertThat(store.findExperimentByName("findme")).map(Experiment::experimentId).contains(id);
    assertThat(store.findExperimentByName("nope")).isEmpty();
    store.deleteExperiment(id);
    assertThat(store.findExperimentByName("findme"))
        .map(Experiment::lifecycleStage)
        .contains(LifecycleStage.DELETED);
  }

  @Test
  void renameExperiment() {
    String id = experiment("old");
    experiment("taken");
    store.renameExperiment(id, "new");
    assertThat(store.getExperiment(id).name()).isEqualTo("new");
    assertThat(store.findExperimentByName("old")).isEmpty();
    assertThatThrownBy(() -> store.renameExperiment(id, "taken"))
        .isInstanceOf(AlreadyExistsException.class);
    assertThatThrownBy(() -> store.renameExperiment("12345", "x"))
        .isInstanceOf(NotFoundException.class);
    store.deleteExperiment(id);
    assertError(
        () -> store.renameExperiment(id, "newer"),
        InvalidRequestException.class,
        ErrorCode.INVALID_STATE,
        "Cannot rename a non-active experiment.");
  }

  @Test
  void deletingAnExperimentDeletesItsRunsAndRestoringRestoresThem() {
    String id = experiment("e");
    Run a = run(id, "a", 1);
    Run b = run(id, "b", 2);
    store.deleteExperiment(id);
    assertThat(store.getExperiment(id).lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
    assertThat(store.getRun(a.info().runId()).info().lifecycleStage())
        .isEqualTo(LifecycleStage.DELETED);
    assertThat(store.getRun(b.info().runId()).info().lifecycleStage())
        .isEqualTo(LifecycleStage.DELETED);
    assertError(
        () -> store.deleteExperiment(id),
        NotFoundException.class,
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        "does not exist");
    assertError(
        () -> run(id, "c", 3),
        InvalidRequestException.class,
        ErrorCode.INVALID_PARAMETER_VALUE,
        "The experiment " + id + " must be in the 'active' state. Current state is deleted.");
    store.restoreExperiment(id);
    assertThat(store.getExperiment(id).lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
    assertThat(store.getRun(a.info().runId()).info().lifecycleStage())
        .isEqualTo(LifecycleStage.ACTIVE);
    assertThatThrownBy(() -> store.restoreExperiment(id)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void experimentTags() {
    String id = experiment("tagged");
    store.setExperimentTag(id, new Tag("k", "v1"));
    store.setExperimentTag(id, new Tag("k", "v2"));
    store.setExperimentTag(id, new Tag("ключ", "значение ✓"));
    assertThat(store.getExperiment(id).tags())
        .containsExactlyInAnyOrder(new Tag("k", "v2"), new Tag("ключ", "значение ✓"));
    store.deleteExperimentTag(id, "k");
    assertThat(store.getExperiment(id).tags()).containsExactly(new Tag("ключ", "значение ✓"));
    assertError(
        () -> store.deleteExperimentTag(id, "k"),
        NotFoundException.class,
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        "No tag with name: k in experiment with id " + id);
    store.deleteExperiment(id);
    assertError(
        () -> store.setExperimentTag(id, new Tag("a", "b")),
        InvalidRequestException.class,
        ErrorCode.INVALID_PARAMETER_VALUE,
        "must be in the 'active' state");
    assertThatThrownBy(() -> store.setExperimentTag("4242", new Tag("a", "b")))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void searchExperimentsFiltersOrdersAndPages() {
    for (String name : List.of("alpha", "Beta", "gamma", "delta")) {
      store.createExperiment(
          name, null, List.of(new Tag("kind", name.length() > 4 ? "long" : "short")));
    }
    store.deleteExperiment(store.findExperimentByName("delta").orElseThrow().experimentId());
    Function<ExperimentQuery, List<String>> names =
        q -> store.searchExperiments(q).items().stream().map(Experiment::name).toList();
    OrderBy byName = new OrderBy(EntityType.ATTRIBUTE, "name", true);
    assertThat(names.apply(query(List.of(), ViewType.ACTIVE_ONLY, List.of(byName))))
        .containsExactly("Beta", "Default", "alpha", "gamma");
    assertThat(names.apply(query(List.of(), ViewType.DELETED_ONLY, List.of())))
        .containsExactly("delta");
    assertThat(
            names.apply(
                query(
                    List.of(),
                    ViewType.ALL,
                    List.of(new OrderBy(EntityType.ATTRIBUTE, "name", false)))))
        .containsExactly("gamma", "delta", "alpha", "Default", "Beta");
    assertThat(
            names.apply(
                query(
                    List.of(cmp(EntityType.ATTRIBUTE, "name", Comparator.LIKE, "%a")),
                    ViewType.ACTIVE_ONLY,
                    List.of(byName))))
        .containsExactly("Beta", "alpha", "gamma");
    assertThat(
            names.apply(
                query(
                    List.of(cmp(EntityType.ATTRIBUTE, "name", Comparator.LIKE, "b%")),
                    ViewType.ACTIVE_ONLY,
                    List.of(byName))))
        .isEmpty();
    assertThat(
            names.apply(
                query(
                    List.of(cmp(EntityType.ATTRIBUTE, "name", Comparator.ILIKE, "b%")),
                    ViewType.ACTIVE_ONLY,
                    List.of(byName))))
        .containsExactly("Beta");
    assertThat(
            names.apply(
                query(
                    List.of(cmp(EntityType.ATTRIBUTE, "name", Comparator.NEQ, "alpha")),
                    ViewType.ACTIVE_ONLY,
                    List.of(byName))))
        .containsExactly("Beta", "Default", "gamma");
    assertThat(
            names.apply(
                query(
                    List.of(cmp(EntityType.TAG, "kind", Comparator.EQ, "long")),
                    ViewType.ACTIVE_ONLY,
                    List.of(byName))))
        .containsExactly("alpha", "gamma");
    assertThat(
            names.apply(
                query(
                    List.of(cmp(EntityType.ATTRIBUTE, "creation_time", Comparator.GT, 0)),
                    ViewType.ACTIVE_ONLY,
                    List.of(byName))))
        .hasSize(4);
    // Default order: creation_time DESC, then experiment_id ASC.
    List<Experiment> all =
        store.searchExperiments(query(List.of(), ViewType.ALL, List.of())).items();
    for (int i = 1; i < all.size(); i++) {
      Experiment prev = all.get(i - 1);
      Experiment cur = all.get(i);
      assertThat(
              prev.creationTime() > cur.creationTime()
                  || (prev.creationTime() == cur.creationTime()
                      && Long.parseLong(prev.experimentId()) < Long.parseLong(cur.experimentId())))
          .isTrue();
    }
    // Paging: two at a time, every experiment once.
    List<String> paged = new ArrayList<>();
    String token = null;
    do {
      Page<Experiment> page =
          store.searchExperiments(
              new ExperimentQuery(SearchFilter.MATCH_ALL, ViewType.ALL, 2, List.of(byName), token));
      page.items().forEach(e -> paged.add(e.name()));
      token = page.nextPageToken();
    } while (token != null);
    assertThat(paged).containsExactly("Beta", "Default", "alpha", "delta", "gamma");
    assertThatThrownBy(
            () ->
                store.searchExperiments(
                    new ExperimentQuery(
                        SearchFilter.MATCH_ALL, ViewType.ALL, 2, List.of(), "not base64!")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("Invalid page token");
  }

  static ExperimentQuery query(List<Comparison> filter, ViewType viewType, List<OrderBy> order) {
    return new ExperimentQuery(new SearchFilter(filter), viewType, 1000, order, null);
  }

  // ---- runs --------------------------------------------------------------------------------

  @Test
  void createRunFillsMlflowDefaults() {
    String exp = experiment("runs");
    Run run = store.createRun(new NewRun(exp, "bob", "my-run", 1234, List.of(new Tag("t", "v"))));
    RunInfo info = run.info();
    assertThat(info.runId()).matches("[0-9a-f]{32}");
    assertThat(info.artifactUri())
        .isEqualTo("mlflow-artifacts:/" + exp + "/" + info.runId() + "/artifacts");
    assertThat(info.runName()).isEqualTo("my-run");
    assertThat(info.userId()).isEqualTo("bob");
    assertThat(info.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(info.startTime()).isEqualTo(1234);
    assertThat(info.endTime()).isNull();
    assertThat(run.data().tags()).contains(new Tag("mlflow.runName", "my-run"), new Tag("t", "v"));
    assertThat(store.getRun(info.runId())).isEqualTo(run);
  }

  @Test
  void runNameComesFromRequestThenTagThenGenerator() {
    String exp = experiment("names");
    Run fromTag =
        store.createRun(
            new NewRun(exp, null, null, 1, List.of(new Tag("mlflow.runName", "tagged"))));
    assertThat(fromTag.info().runName()).isEqualTo("tagged");
    Run generated = store.createRun(new NewRun(exp, null, null, 1, List.of()));
    assertThat(generated.info().runName()).matches("[a-z]+-[a-z]+-\\d{1,3}");
    assertThat(generated.data().tags())
        .contains(new Tag("mlflow.runName", generated.info().runName()));
    assertError(
        () ->
            store.createRun(new NewRun(exp, null, "a", 1, List.of(new Tag("mlflow.runName", "b")))),
        InvalidRequestException.class,
        ErrorCode.INVALID_PARAMETER_VALUE,
        "Both 'run_name' argument and 'mlflow.runName' tag are specified");
  }

  @Test
  void userIdComesFromRequestThenTagThenUnknown() {
    String exp = experiment("users");
    assertThat(
            store
                .createRun(new NewRun(exp, "req", null, 1, List.of(new Tag("mlflow.user", "tag"))))
                .info()
                .userId())
        .isEqualTo("req");
    assertThat(
            store
                .createRun(new NewRun(exp, null, null, 1, List.of(new Tag("mlflow.user", "tag"))))
                .info()
                .userId())
        .isEqualTo("tag");
    assertThat(store.createRun(new NewRun(exp, null, null, 1, List.of())).info().userId())
        .isEqualTo("unknown");
  }

  @Test
  void runNotFound() {
    String id = "0123456789abcdef0123456789abcdef";
    assertError(
        () -> store.getRun(id),
        NotFoundException.class,
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        "Run with id=" + id + " not found");
    assertThatThrownBy(() -> store.logBatch(id, List.of(), List.of(), List.of()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> store.deleteRun(id)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> store.getMetricHistory(id, "m", 0, null))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> store.getRun("bad id!")).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> store.createRun(new NewRun("777", null, null, 1, List.of())))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void updateRunKeepsNameAndTagInSync() {
    String exp = experiment("upd");
    String id = run(exp, "first", 1).info().runId();
    RunInfo info = store.updateRun(id, new RunUpdate(RunStatus.FINISHED, 99L, "second"));
    assertThat(info.status()).isEqualTo(RunStatus.FINISHED);
    assertThat(info.endTime()).isEqualTo(99L);
    assertThat(info.runName()).isEqualTo("second");
    assertThat(store.getRun(id).data().tags()).contains(new Tag("mlflow.runName", "second"));
    info = store.updateRun(id, new RunUpdate(null, null, null));
    assertThat(info.runName()).isEqualTo("second");
    assertThat(info.status()).isEqualTo(RunStatus.FINISHED);
    // Setting the tag renames the run.
    store.logBatch(id, List.of(), List.of(), List.of(new Tag("mlflow.runName", "third")));
    assertThat(store.getRun(id).info().runName()).isEqualTo("third");
    assertThat(store.getRun(id).data().tags()).contains(new Tag("mlflow.runName", "third"));
  }

  @Test
  void deletedRunsRefuseWritesUntilRestored() {
    String exp = experiment("del");
    String id = run(exp, "r", 1).info().runId();
    store.logBatch(id, List.of(), List.of(), List.of(new Tag("t", "v")));
    store.deleteRun(id);
    assertThat(store.getRun(id).info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
    String active = "The run " + id + " must be in the 'active' state. Current state is deleted.";
    assertError(
        () -> store.logBatch(id, List.of(metric("m", 1, 1, 1)), List.of(), List.of()),
        InvalidRequestException.class,
        ErrorCode.INVALID_PARAMETER_VALUE,
        active);
    assertError(
        () -> store.updateRun(id, new RunUpdate(RunStatus.FAILED, null, null)),
        InvalidRequestException.class,
        ErrorCode.INVALID_PARAMETER_VALUE,
        active);
    assertError(
        () -> store.deleteTag(id, "t"),
        InvalidRequestException.class,
        ErrorCode.INVALID_PARAMETER_VALUE,
        active);
    assertError(
        () -> store.logInputs(id, List.of(input("d", "1", "train"))),
        InvalidRequestException.class,
        ErrorCode.INVALID_PARAMETER_VALUE,
        active);
    store.restoreRun(id);
    store.logBatch(id, List.of(metric("m", 1, 1, 1)), List.of(), List.of());
    assertThat(store.getRun(id).data().metrics()).hasSize(1);
  }

  @Test
  void paramsNeverChangeAndBatchesAreAtomic() {
    String id = run(experiment("params"), "r", 1).info().runId();
    store.logBatch(id, List.of(), List.of(new Param("lr", "0.1")), List.of());
    store.logBatch(id, List.of(), List.of(new Param("lr", "0.1")), List.of()); // same value: fine
    assertError(
        () ->
            store.logBatch(
                id,
                List.of(metric("loss", 1, 1, 1)),
                List.of(new Param("new", "x"), new Param("lr", "0.2")),
                List.of(new Tag("t", "v"))),
        InvalidRequestException.class,
        ErrorCode.INVALID_PARAMETER_VALUE,
        "Changing param values is not allowed");
    Run run = store.getRun(id);
    assertThat(run.data().params()).containsExactly(new Param("lr", "0.1"));
    assertThat(run.data().metrics()).isEmpty();
    assertThat(run.data().tags()).extracting(Tag::key).doesNotContain("t");
    assertThat(store.getMetricHistory(id, "loss", 0, null).items()).isEmpty();
    assertThatThrownBy(
            () ->
                store.logBatch(
                    id, List.of(), List.of(new Param("a", "1"), new Param("a", "2")), List.of()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("Duplicate parameter keys");
  }

  @Test
  void longValuesAreTruncatedAsMlflowsServerDoesAndLongKeysRefused() {
    String id = run(experiment("sizes"), "r", 1).info().runId();
    String longParam = "p".repeat(6001);
    store.logBatch(
        id,
        List.of(),
        List.of(new Param("p", longParam)),
        List.of(new Tag("whole", "w".repeat(8000)), new Tag("cut", "c".repeat(8001))));
    Run run = store.getRun(id);
    assertThat(run.data().params()).containsExactly(new Param("p", "p".repeat(6000)));
    assertThat(run.data().tags())
        .contains(new Tag("whole", "w".repeat(8000)), new Tag("cut", "c".repeat(8000)));
    // The same long value again is the same stored value, so no conflict; MLflow compares the
    // truncated values too, so one that differs only past 6000 characters is no conflict either.
    store.logBatch(id, List.of(), List.of(new Param("p", longParam)), List.of());
    store.logBatch(id, List.of(), List.of(new Param("p", longParam + "more")), List.of());
    assertError(
        () -> store.logBatch(id, List.of(), List.of(new Param("p", "q" + longParam)), List.of()),
        InvalidRequestException.class,
        ErrorCode.INVALID_PARAMETER_VALUE,
        "Changing param values is not allowed");
    assertThat(store.getRun(id).data().params()).containsExactly(new Param("p", "p".repeat(6000)));
    // A cut never leaves half of a character outside the BMP.
    String emoji = "\uD83D\uDE00";
    store.logBatch(id, List.of(), List.of(), List.of(new Tag("emoji", "x" + emoji.repeat(4000))));
    assertThat(tagValue(store.getRun(id), "emoji")).isEqualTo("x" + emoji.repeat(3999));

    // Keys are never truncated, and neither are create-run's tags (MLflow leaves those whole to
    // its column, which refuses them).
    assertError(
        () -> store.logBatch(id, List.of(), List.of(new Param("k".repeat(251), "v")), List.of()),
        InvalidRequestException.class,
        ErrorCode.INVALID_PARAMETER_VALUE,
        "Param key '" + "k".repeat(250) + "' had length 251, which exceeded length limit of 250");
    assertError(
        () -> store.logBatch(id, List.of(), List.of(), List.of(new Tag("k".repeat(251), "v"))),
        InvalidRequestException.class,
        ErrorCode.INVALID_PARAMETER_VALUE,
        "Tag key '" + "k".repeat(250) + "' had length 251, which exceeded length limit of 250");
    String exp = experiment("sizes-create");
    assertError(
        () ->
            store.createRun(
                new NewRun(exp, "alice", "r", 1, List.of(new Tag("t", "x".repeat(8001))))),
        InvalidRequestException.class,
        ErrorCode.INVALID_PARAMETER_VALUE,
        "had length 8001, which exceeded length limit of 8000");
    assertThat(
            tagValue(
                store.createRun(
                    new NewRun(exp, "alice", "r", 1, List.of(new Tag("t", "x".repeat(8000))))),
                "t"))
        .hasSize(8000);
    // Experiment tags keep MLflow's 5000 and are refused past it.
    assertError(
        () -> store.setExperimentTag(exp, new Tag("t", "x".repeat(5001))),
        InvalidRequestException.class,
        ErrorCode.INVALID_PARAMETER_VALUE,
        "exceeded length limit of 5000");

    List<Metric> tooMany = IntStream.range(0, 1001).mapToObj(i -> metric("m", i, i, i)).toList();
    assertThatThrownBy(() -> store.logBatch(id, tooMany, List.of(), List.of()))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(
            () -> store.logBatch(id, List.of(metric("../x", 1, 1, 1)), List.of(), List.of()))
        .isInstanceOf(InvalidRequestException.class);
  }

  static String tagValue(Run run, String key) {
    return run.data().tags().stream()
        .filter(t -> t.key().equals(key))
        .map(Tag::value)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no tag " + key + " in " + run.data().tags()));
  }

  @Test
  void updateTagReadsTheCurrentValueAndStoresTheNewOneWhole() {
    String id = run(experiment("update-tag"), "r", 1).info().runId();
    List<Optional<String>> seen = new ArrayList<>();
    Function<Optional<String>, String> append =
        current -> {
          seen.add(current);
          return current.orElse("") + "+";
        };
    assertThat(store.updateTag(id, "history", append)).isEqualTo(new Tag("history", "+"));
    assertThat(store.updateTag(id, "history", append)).isEqualTo(new Tag("history", "++"));
    assertThat(seen).containsExactly(Optional.empty(), Optional.of("+"));
    assertThat(tagValue(store.getRun(id), "history")).isEqualTo("++");

    // A value too long is refused, not truncated, and the tag stays as it was.
    assertError(
        () -> store.updateTag(id, "history", current -> "x".repeat(8001)),
        InvalidRequestException.class,
        ErrorCode.INVALID_PARAMETER_VALUE,
        "Tag value '" + "x".repeat(250) + "' had length 8001, which exceeded length limit of 8000");
    // What the function throws refuses the update, as it is.
    assertError(
        () ->
            store.updateTag(
                id,
                "history",
                current -> {
                  throw new InvalidRequestException("not a list");
                }),
        InvalidRequestException.class,
        ErrorCode.INVALID_PARAMETER_VALUE,
        "not a list");
    assertThat(tagValue(store.getRun(id), "history")).isEqualTo("++");
    assertError(
        () -> store.updateTag(id, "bad key!", current -> "v"),
        InvalidRequestException.class,
        ErrorCode.INVALID_PARAMETER_VALUE,
        "Invalid tag name");

    // The run name tag renames the run, as set-tag does.
    store.updateTag(id, "mlflow.runName", current -> "renamed");
    assertThat(store.getRun(id).info().runName()).isEqualTo("renamed");

    assertError(
        () -> store.updateTag("0123456789abcdef0123456789abcdef", "history", append),
        NotFoundException.class,
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        "not found");
    store.deleteRun(id);
    assertError(
        () -> store.updateTag(id, "history", append),
        InvalidRequestException.class,
        ErrorCode.INVALID_PARAMETER_VALUE,
        "must be in the 'active' state");
  }

  @Test
  void concurrentUpdatesOfOneTagLoseNoUpdate() throws Exception {
    String id = run(experiment("update-tag-conc"), "r", 1).info().runId();
    int threads = 4;
    int each = 10;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Callable<Void>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String mark = Integer.toString(t);
        tasks.add(
            () -> {
              for (int i = 0; i < each; i++) {
                store.updateTag(id, "history", current -> current.orElse("") + mark);
              }
              return null;
            });
      }
      for (Future<Void> f : pool.invokeAll(tasks)) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    String history = tagValue(store.getRun(id), "history");
    assertThat(history).hasSize(threads * each);
    for (int t = 0; t < threads; t++) {
      String mark = Integer.toString(t);
      assertThat(history.chars().filter(c -> c == mark.charAt(0)).count()).isEqualTo(each);
    }
  }

  @Test
  void nanAndInfinitiesRoundTrip() {
    String id = run(experiment("nan"), "r", 1).info().runId();
    store.logBatch(
        id,
        List.of(
            metric("nan", Double.NaN, 1, 0),
            metric("pinf", Double.POSITIVE_INFINITY, 1, 0),
            metric("ninf", Double.NEGATIVE_INFINITY, 1, 0),
            metric("tiny", Double.MIN_VALUE, 1, 0),
            metric("neg", -1.5e300, 1, 0)),
        List.of(),
        List.of());
    assertThat(store.getRun(id).data().metrics())
        .containsExactlyInAnyOrder(
            metric("nan", Double.NaN, 1, 0),
            metric("pinf", Double.POSITIVE_INFINITY, 1, 0),
            metric("ninf", Double.NEGATIVE_INFINITY, 1, 0),
            metric("tiny", Double.MIN_VALUE, 1, 0),
            metric("neg", -1.5e300, 1, 0));
    assertThat(store.getMetricHistory(id, "nan", 0, null).items())
        .containsExactly(metric("nan", Double.NaN, 1, 0));
    assertThat(store.getMetricHistory(id, "pinf", 0, null).items())
        .containsExactly(metric("pinf", Double.POSITIVE_INFINITY, 1, 0));
    assertThat(store.getMetricHistory(id, "ninf", 0, null).items())
        .containsExactly(metric("ninf", Double.NEGATIVE_INFINITY, 1, 0));
    // NaN takes no part in min/max while a number exists; a later NaN is still the last value.
    store.logBatch(
        id,
        List.of(
            metric("mix", 3, 1, 0),
            metric("mix", Double.NaN, 1, 1),
            metric("mix", 1, 1, 2),
            metric("mix", Double.NaN, 1, 3)),
        List.of(),
        List.of());
    MetricSummary mix = summary(id, "mix");
    assertThat(mix.last()).isEqualTo(metric("mix", Double.NaN, 1, 3));
    assertThat(mix.min()).isEqualTo(metric("mix", 1, 1, 2));
    assertThat(mix.max()).isEqualTo(metric("mix", 3, 1, 0));
    MetricSummary allNan = summary(id, "nan");
    assertThat(allNan.min().value()).isNaN();
  }

  MetricSummary summary(String runId, String key) {
    return store.getMetricSummaries(runId).stream()
        .filter(s -> s.key().equals(key))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void unicodeKeysAndValues() {
    String exp = experiment("ユニコード実験");
    String id =
        store
            .createRun(
                new NewRun(exp, "ユーザー", "走る-🏃", 1, List.of(new Tag("étiquette", "välue ✓ 🎉"))))
            .info()
            .runId();
    store.logBatch(
        id,
        List.of(metric("точность", 0.5, 1, 1)),
        List.of(new Param("学习率", "零点一 🧪")),
        List.of(new Tag("标签", "值 \t tab \n multi-line")));
    Run run = store.getRun(id);
    assertThat(run.info().runName()).isEqualTo("走る-🏃");
    assertThat(run.info().userId()).isEqualTo("ユーザー");
    assertThat(run.data().params()).containsExactly(new Param("学习率", "零点一 🧪"));
    assertThat(run.data().metrics()).containsExactly(metric("точность", 0.5, 1, 1));
    assertThat(run.data().tags())
        .contains(new Tag("étiquette", "välue ✓ 🎉"), new Tag("标签", "值 \t tab \n multi-line"));
    assertThat(matching(exp, cmp(EntityType.PARAM, "学习率", Comparator.LIKE, "零点%")))
        .containsExactly("走る-🏃");
    assertThat(store.findExperimentByName("ユニコード実験")).isPresent();
  }

  @Test
  void latestMetricFollowsMlflowOrderAcrossBatches() {
    String id = run(experiment("latest"), "r", 1).info().runId();
    store.logBatch(
        id, List.of(metric("m", 5, 100, 2), metric("m", 9, 200, 1)), List.of(), List.of());
    assertThat(store.getRun(id).data().metrics())
        .containsExactly(metric("m", 5, 100, 2)); // higher step wins
    store.logBatch(id, List.of(metric("m", 4, 150, 2)), List.of(), List.of());
    assertThat(store.getRun(id).data().metrics())
        .containsExactly(metric("m", 4, 150, 2)); // same step, later
    store.logBatch(id, List.of(metric("m", 7, 150, 2)), List.of(), List.of());
    assertThat(store.getRun(id).data().metrics())
        .containsExactly(metric("m", 7, 150, 2)); // then higher value
    store.logBatch(id, List.of(metric("m", 100, 10, 0)), List.of(), List.of());
    assertThat(store.getRun(id).data().metrics())
        .containsExactly(metric("m", 7, 150, 2)); // older: no change
    MetricSummary s = summary(id, "m");
    assertThat(s.min()).isEqualTo(metric("m", 4, 150, 2));
    assertThat(s.max()).isEqualTo(metric("m", 100, 10, 0));
  }

  @Test
  void repeatedPointsAreStoredOnce() {
    String id = run(experiment("dups"), "r", 1).info().runId();
    List<Metric> batch = List.of(metric("m", 1, 1, 0), metric("m", 1, 1, 0), metric("m", 2, 2, 1));
    store.logBatch(id, batch, List.of(), List.of());
    // A client retrying the same request, plus one new point.
    store.logBatch(
        id,
        List.of(metric("m", 1, 1, 0), metric("m", 2, 2, 1), metric("m", 3, 3, 2)),
        List.of(),
        List.of());
    assertThat(store.getMetricHistory(id, "m", 0, null).items())
        .containsExactly(metric("m", 1, 1, 0), metric("m", 2, 2, 1), metric("m", 3, 3, 2));
  }

  @Test
  void historyMergesBatchesLoggedOutOfOrder() {
    String id = run(experiment("chunks"), "r", 1).info().runId();
    List<Metric> late = new ArrayList<>();
    List<Metric> early = new ArrayList<>();
    for (int step = 0; step < 20; step++) {
      (step < 10 ? early : late).add(metric("m", step * 0.5, 100 + step, step));
    }
    store.logBatch(id, late, List.of(), List.of());
    // The early steps, two of the late ones again, a NaN and a second point on step 3.
    List<Metric> second = new ArrayList<>(early);
    second.add(late.get(0));
    second.add(late.get(9));
    second.add(metric("m", Double.NaN, 103, 3));
    second.add(metric("m", 7, 99, 3));
    second.add(metric("other", 1, 1, 0));
    store.logBatch(id, second, List.of(), List.of());
    List<Metric> expected = new ArrayList<>(early.subList(0, 3));
    expected.add(metric("m", 7, 99, 3));
    expected.add(early.get(3));
    expected.add(metric("m", Double.NaN, 103, 3));
    expected.addAll(early.subList(4, 10));
    expected.addAll(late);
    assertThat(store.getMetricHistory(id, "m", 0, null).items()).isEqualTo(expected);
    List<Metric> paged = new ArrayList<>();
    String token = null;
    do {
      Page<Metric> page = store.getMetricHistory(id, "m", 7, token);
      paged.addAll(page.items());
      token = page.nextPageToken();
    } while (token != null);
    assertThat(paged).isEqualTo(expected);
    assertThat(summary(id, "m").last()).isEqualTo(late.get(9));
  }

  @Test
  void metricHistoryIsOrderedAndPaged() {
    String id = run(experiment("hist"), "r", 1).info().runId();
    List<Metric> points = new ArrayList<>();
    for (int i = 24; i >= 0; i--) {
      points.add(metric("loss", 1.0 / (i + 1), 1000 - i, i / 2));
    }
    store.logBatch(id, points, List.of(), List.of());
    List<Metric> all = store.getMetricHistory(id, "loss", 0, null).items();
    assertThat(all).hasSize(25);
    for (int i = 1; i < all.size(); i++) {
      Metric a = all.get(i - 1);
      Metric b = all.get(i);
      assertThat(a.step() < b.step() || (a.step() == b.step() && a.timestamp() <= b.timestamp()))
          .isTrue();
    }
    List<Metric> paged = new ArrayList<>();
    String token = null;
    do {
      Page<Metric> page = store.getMetricHistory(id, "loss", 10, token);
      assertThat(page.items().size()).isLessThanOrEqualTo(10);
      paged.addAll(page.items());
      token = page.nextPageToken();
    } while (token != null);
    assertThat(paged).isEqualTo(all);
    assertThat(store.getMetricHistory(id, "other", 0, null).items()).isEmpty();
    assertThatThrownBy(() -> store.getMetricHistory(id, "loss", 10, "eyJvZmZzZXQiOiAtMX0="))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void tagsUpsertAndDelete() {
    String id = run(experiment("tags"), "r", 1).info().runId();
    store.logBatch(
        id, List.of(), List.of(), List.of(new Tag("a", "1"), new Tag("b", "2"), new Tag("a", "3")));
    store.logBatch(id, List.of(), List.of(), List.of(new Tag("b", "4")));
    assertThat(store.getRun(id).data().tags()).contains(new Tag("a", "3"), new Tag("b", "4"));
    store.deleteTag(id, "a");
    assertThat(store.getRun(id).data().tags()).extracting(Tag::key).doesNotContain("a");
    assertError(
        () -> store.deleteTag(id, "a"),
        NotFoundException.class,
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        "No tag with name: a in run with id " + id);
  }

  static DatasetInput input(String name, String digest, String context) {
    return new DatasetInput(
        List.of(new Tag("mlflow.data.context", context)),
        new Dataset(name, digest, "local", "file:///data/" + name, "{\"cols\":[]}", null));
  }

  @Test
  void inputsAreStoredOncePerExperimentAndLinkedToRuns() {
    String exp = experiment("inputs");
    String a = run(exp, "a", 1).info().runId();
    String b = run(exp, "b", 2).info().runId();
    store.logInputs(
        a,
        List.of(
            input("iris", "abc", "train"),
            input("iris", "abc", "ignored-dup"),
            input("iris", "def", "eval")));
    store.logInputs(a, List.of(input("iris", "abc", "again"))); // already linked: kept as it was
    store.logInputs(b, List.of(input("iris", "abc", "test")));
    Run runA = store.getRun(a);
    assertThat(runA.inputs()).hasSize(2);
    assertThat(runA.inputs().get(0).dataset()).isEqualTo(input("iris", "abc", "x").dataset());
    assertThat(runA.inputs().get(0).tags())
        .containsExactly(new Tag("mlflow.data.context", "train"));
    assertThat(runA.inputs().get(1).tags()).containsExactly(new Tag("mlflow.data.context", "eval"));
    assertThat(store.getRun(b).inputs())
        .extracting(i -> i.tags().get(0).value())
        .containsExactly("test");
    assertThat(matching(exp, cmp(EntityType.DATASET, "context", Comparator.EQ, "eval")))
        .containsExactly("a");
    assertThat(matching(exp, cmp(EntityType.DATASET, "name", Comparator.EQ, "iris")))
        .containsExactly("a", "b");
    assertThat(matching(exp, cmp(EntityType.DATASET, "digest", Comparator.EQ, "def")))
        .containsExactly("a");
    assertThat(matching(exp, in(EntityType.DATASET, "digest", true, "def")))
        .containsExactly("a", "b");
    assertThat(search(List.of(exp), List.of(), List.of()).items())
        .allSatisfy(r -> assertThat(r.inputs()).isNotEmpty());
    assertThatThrownBy(
            () ->
                store.logInputs(
                    a,
                    List.of(
                        new DatasetInput(List.of(), new Dataset("", "d", "s", "s", null, null)))))
        .isInstanceOf(InvalidRequestException.class);
  }

  // ---- search ------------------------------------------------------------------------------

  /** Five runs with metrics, params, tags and attributes to filter on. */
  String searchFixture() {
    String exp = experiment("search");
    String[] names = {"r0", "r1", "r2", "r3", "r4"};
    for (int i = 0; i < names.length; i++) {
      String id =
          store
              .createRun(
                  new NewRun(exp, i % 2 == 0 ? "alice" : "bob", names[i], 1000 + i, List.of()))
              .info()
              .runId();
      List<Metric> metrics = new ArrayList<>();
      if (i != 4) {
        metrics.add(metric("acc", i * 0.25, 1, 0)); // r0 0, r1 .25, r2 .5, r3 .75, r4 none
      }
      List<Param> params = List.of(new Param("model", i < 2 ? "Linear" : "tree-" + i));
      List<Tag> tags = i == 3 ? List.of() : List.of(new Tag("team", i % 2 == 0 ? "Vision" : "nlp"));
      store.logBatch(id, metrics, params, tags);
      if (i == 2) {
        store.updateRun(id, new RunUpdate(RunStatus.FINISHED, 5000L, null));
      }
    }
    return exp;
  }

  @Test
  void searchRunsByMetric() {
    String exp = searchFixture();
    assertThat(matching(exp, cmp(EntityType.METRIC, "acc", Comparator.EQ, 0.5)))
        .containsExactly("r2");
    assertThat(matching(exp, cmp(EntityType.METRIC, "acc", Comparator.NEQ, 0.5)))
        .containsExactly("r0", "r1", "r3");
    assertThat(matching(exp, cmp(EntityType.METRIC, "acc", Comparator.GT, 0.25)))
        .containsExactly("r2", "r3");
    assertThat(matching(exp, cmp(EntityType.METRIC, "acc", Comparator.GTE, 0.25)))
        .containsExactly("r1", "r2", "r3");
    assertThat(matching(exp, cmp(EntityType.METRIC, "acc", Comparator.LT, 0.25)))
        .containsExactly("r0");
    assertThat(matching(exp, cmp(EntityType.METRIC, "acc", Comparator.LTE, 0.25)))
        .containsExactly("r0", "r1");
    assertThat(matching(exp, cmp(EntityType.METRIC, "missing", Comparator.GT, -1))).isEmpty();
    assertThatThrownBy(() -> matching(exp, cmp(EntityType.METRIC, "acc", Comparator.LIKE, "1%")))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void nanMetricsMatchOnlyNotEquals() {
    String exp = experiment("nanfilter");
    String id = run(exp, "n", 1).info().runId();
    store.logBatch(id, List.of(metric("m", Double.NaN, 1, 0)), List.of(), List.of());
    assertThat(matching(exp, cmp(EntityType.METRIC, "m", Comparator.GT, 0))).isEmpty();
    assertThat(matching(exp, cmp(EntityType.METRIC, "m", Comparator.EQ, 0))).isEmpty();
    assertThat(matching(exp, cmp(EntityType.METRIC, "m", Comparator.NEQ, 0))).containsExactly("n");
  }

  @Test
  void searchRunsByParamAndTag() {
    String exp = searchFixture();
    assertThat(matching(exp, cmp(EntityType.PARAM, "model", Comparator.EQ, "Linear")))
        .containsExactly("r0", "r1");
    assertThat(matching(exp, cmp(EntityType.PARAM, "model", Comparator.NEQ, "Linear")))
        .containsExactly("r2", "r3", "r4");
    assertThat(matching(exp, cmp(EntityType.PARAM, "model", Comparator.LIKE, "tree-%")))
        .containsExactly("r2", "r3", "r4");
    assertThat(matching(exp, cmp(EntityType.PARAM, "model", Comparator.LIKE, "linear"))).isEmpty();
    assertThat(matching(exp, cmp(EntityType.PARAM, "model", Comparator.ILIKE, "linear")))
        .containsExactly("r0", "r1");
    assertThat(matching(exp, cmp(EntityType.PARAM, "model", Comparator.LIKE, "tree-_")))
        .containsExactly("r2", "r3", "r4");
    assertThat(matching(exp, in(EntityType.PARAM, "model", false, "tree-2", "tree-4")))
        .containsExactly("r2", "r4");
    assertThat(matching(exp, in(EntityType.PARAM, "model", true, "tree-2", "tree-4")))
        .containsExactly("r0", "r1", "r3");
    assertThat(matching(exp, cmp(EntityType.TAG, "team", Comparator.EQ, "Vision")))
        .containsExactly("r0", "r2", "r4");
    // != needs the key: r3 has no team tag, as in MLflow.
    assertThat(matching(exp, cmp(EntityType.TAG, "team", Comparator.NEQ, "Vision")))
        .containsExactly("r1");
    assertThat(matching(exp, cmp(EntityType.TAG, "team", Comparator.ILIKE, "VIS%")))
        .containsExactly("r0", "r2", "r4");
    assertThat(matching(exp, cmp(EntityType.TAG, "team", Comparator.LIKE, "VIS%"))).isEmpty();
    assertThat(matching(exp, cmp(EntityType.TAG, "mlflow.runName", Comparator.EQ, "r3")))
        .containsExactly("r3");
    // Several clauses are ANDed.
    assertThat(
            matching(
                exp,
                cmp(EntityType.TAG, "team", Comparator.EQ, "Vision"),
                cmp(EntityType.METRIC, "acc", Comparator.GT, 0.1)))
        .containsExactly("r2");
  }

  @Test
  void searchRunsByAttribute() {
    String exp = searchFixture();
    assertThat(matching(exp, cmp(EntityType.ATTRIBUTE, "run_name", Comparator.LIKE, "r%")))
        .hasSize(5);
    assertThat(matching(exp, cmp(EntityType.ATTRIBUTE, "run_name", Comparator.EQ, "r1")))
        .containsExactly("r1");
    assertThat(matching(exp, cmp(EntityType.ATTRIBUTE, "status", Comparator.EQ, "FINISHED")))
        .containsExactly("r2");
    assertThat(matching(exp, in(EntityType.ATTRIBUTE, "status", false, "RUNNING")))
        .containsExactly("r0", "r1", "r3", "r4");
    assertThat(matching(exp, cmp(EntityType.ATTRIBUTE, "user_id", Comparator.EQ, "bob")))
        .containsExactly("r1", "r3");
    assertThat(matching(exp, cmp(EntityType.ATTRIBUTE, "start_time", Comparator.GTE, 1003)))
        .containsExactly("r3", "r4");
    assertThat(matching(exp, cmp(EntityType.ATTRIBUTE, "end_time", Comparator.GT, 0)))
        .containsExactly("r2");
    assertThat(matching(exp, cmp(EntityType.ATTRIBUTE, "lifecycle_stage", Comparator.EQ, "active")))
        .hasSize(5);
    String r1 =
        search(
                List.of(exp),
                List.of(cmp(EntityType.ATTRIBUTE, "run_name", Comparator.EQ, "r1")),
                List.of())
            .items()
            .get(0)
            .info()
            .runId();
    assertThat(matching(exp, in(EntityType.ATTRIBUTE, "run_id", false, r1, "nope")))
        .containsExactly("r1");
    assertThat(
            matching(
                exp, cmp(EntityType.ATTRIBUTE, "artifact_uri", Comparator.LIKE, "%" + r1 + "%")))
        .containsExactly("r1");
    assertThatThrownBy(() -> matching(exp, cmp(EntityType.ATTRIBUTE, "nope", Comparator.EQ, "x")))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void injectionLikeValuesAreJustValues() {
    String exp = searchFixture();
    for (String evil :
        List.of("' OR '1'='1", "x'); DROP TABLE runs; --", "\\", "%' --", "\"", "' OR 1=1 --")) {
      assertThat(matching(exp, cmp(EntityType.PARAM, "model", Comparator.EQ, evil))).isEmpty();
      assertThat(matching(exp, cmp(EntityType.PARAM, evil, Comparator.EQ, "Linear"))).isEmpty();
      if (!evil.endsWith("\\")) {
        assertThat(matching(exp, cmp(EntityType.TAG, "team", Comparator.LIKE, evil))).isEmpty();
      }
      assertThat(matching(exp, in(EntityType.ATTRIBUTE, "run_name", false, evil))).isEmpty();
      assertThat(
              names(
                  search(
                      List.of(exp),
                      List.of(),
                      List.of(new OrderBy(EntityType.METRIC, evil, true)))))
          .hasSize(5);
    }
    assertThat(search(List.of(exp), List.of(), List.of()).items()).hasSize(5);
    // A trailing lone escape is refused alike on every database; an escaped wildcard is literal.
    assertThatThrownBy(() -> matching(exp, cmp(EntityType.TAG, "team", Comparator.LIKE, "Vis\\")))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(matching(exp, cmp(EntityType.PARAM, "model", Comparator.LIKE, "tree\\_%")))
        .isEmpty();
  }

  @Test
  void aNulCharacterIsRefusedTheSameWayOnEveryStoreAndNothingIsStored() {
    String exp = experiment("nul");
    String id = run(exp, "r", 1).info().runId();
    List<Runnable> writes =
        List.of(
            () -> store.logBatch(id, List.of(), List.of(), List.of(new Tag("t", "a\u0000b"))),
            () -> store.logBatch(id, List.of(), List.of(new Param("p", "a\u0000b")), List.of()),
            () -> store.updateTag(id, "t", current -> "\u0000"),
            () -> store.setExperimentTag(exp, new Tag("e", "x\u0000")),
            () -> store.createExperiment("nul\u0000name", null, List.of()),
            () -> store.renameExperiment(exp, "a\u0000"));
    for (Runnable write : writes) {
      assertThatThrownBy(write::run)
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("contains a NUL character")
          .hasMessageContaining("\\0");
    }
    assertThat(store.getRun(id).data().tags()).extracting(Tag::key).doesNotContain("t");
    assertThat(store.getRun(id).data().params()).isEmpty();
    assertThat(store.getExperiment(exp).name()).isEqualTo("nul");
  }

  @Test
  void orderByPutsRunsMissingTheKeyLast() {
    String exp = searchFixture();
    Function<OrderBy, List<String>> order = o -> names(search(List.of(exp), List.of(), List.of(o)));
    assertThat(order.apply(new OrderBy(EntityType.METRIC, "acc", true)))
        .containsExactly("r0", "r1", "r2", "r3", "r4");
    assertThat(order.apply(new OrderBy(EntityType.METRIC, "acc", false)))
        .containsExactly("r3", "r2", "r1", "r0", "r4");
    // Ties (three "Vision") fall back to start_time DESC.
    assertThat(order.apply(new OrderBy(EntityType.TAG, "team", true)))
        .containsExactly("r4", "r2", "r0", "r1", "r3");
    assertThat(order.apply(new OrderBy(EntityType.TAG, "team", false)))
        .containsExactly("r1", "r4", "r2", "r0", "r3");
    assertThat(order.apply(new OrderBy(EntityType.PARAM, "model", false)))
        .containsExactly("r4", "r3", "r2", "r1", "r0");
    assertThat(order.apply(new OrderBy(EntityType.ATTRIBUTE, "start_time", true)))
        .containsExactly("r0", "r1", "r2", "r3", "r4");
    assertThat(order.apply(new OrderBy(EntityType.ATTRIBUTE, "end_time", false)))
        .first()
        .isEqualTo("r2");
    // Default: start_time DESC.
    assertThat(names(search(List.of(exp), List.of(), List.of())))
        .containsExactly("r4", "r3", "r2", "r1", "r0");
  }

  @Test
  void searchPagesThroughEveryRunOnce() {
    String exp = experiment("paging");
    String other = experiment("paging2");
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 23; i++) {
      created.add(
          run(i % 2 == 0 ? exp : other, "p" + i, 1000 + i % 4)
              .info()
              .runId()); // many equal start times
    }
    for (OrderBy order :
        List.of(
            new OrderBy(EntityType.ATTRIBUTE, "start_time", false),
            new OrderBy(EntityType.METRIC, "none", true))) {
      List<String> seen = new ArrayList<>();
      String token = null;
      int pages = 0;
      do {
        Page<Run> page =
            store.searchRuns(
                new RunQuery(
                    List.of(exp, other),
                    SearchFilter.MATCH_ALL,
                    ViewType.ACTIVE_ONLY,
                    5,
                    List.of(order),
                    token));
        page.items().forEach(r -> seen.add(r.info().runId()));
        token = page.nextPageToken();
        pages++;
      } while (token != null);
      assertThat(pages).isEqualTo(5);
      assertThat(seen).doesNotHaveDuplicates();
      assertThat(new HashSet<>(seen)).isEqualTo(created);
    }
    assertThatThrownBy(
            () ->
                store.searchRuns(
                    new RunQuery(
                        List.of(exp),
                        SearchFilter.MATCH_ALL,
                        ViewType.ALL,
                        5,
                        List.of(),
                        "bm90IGpzb24=")))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void searchRespectsViewType() {
    String exp = experiment("views");
    run(exp, "live", 1);
    store.deleteRun(run(exp, "gone", 2).info().runId());
    Function<ViewType, List<String>> names =
        v ->
            names(
                store.searchRuns(
                    new RunQuery(
                        List.of(exp),
                        SearchFilter.MATCH_ALL,
                        v,
                        10,
                        List.of(OrderBy_name()),
                        null)));
    assertThat(names.apply(ViewType.ACTIVE_ONLY)).containsExactly("live");
    assertThat(names.apply(ViewType.DELETED_ONLY)).containsExactly("gone");
    assertThat(names.apply(ViewType.ALL)).containsExactly("gone", "live");
    assertThat(search(List.of("98765"), List.of(), List.of()).items()).isEmpty();
  }

  /**
   * "Runs whose metric passes a bound, best first" has its own plan (it reads latest_metrics
   * through its index). Each page must be what the general plan gives: the same filter with an
   * extra always-true clause on another key forces the general plan for comparison.
   */
  @Test
  void rankedMetricSearchAgreesWithTheGeneralPlan() {
    String exp = experiment("ranked");
    String other = experiment("ranked-other");
    double[] values = {0.9, 0.7, 0.7, 0.7, Double.NaN, 0.3, 0.95, 0.7, 0.1, 0.8};
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      String id = run(i % 4 == 3 ? other : exp, "r" + i, 1000 + i % 3).info().runId();
      ids.add(id);
      store.logBatch(
          id,
          List.of(metric("m", values[i], 1, 0), metric("always", 1, 1, 0)),
          List.of(),
          List.of());
    }
    run(exp, "no-metric", 5000);
    store.deleteRun(ids.get(6));
    store.deleteExperiment(other);
    store.restoreExperiment(other);
    Comparison bound = cmp(EntityType.METRIC, "m", Comparator.GT, 0.2);
    Comparison alwaysTrue = cmp(EntityType.METRIC, "always", Comparator.EQ, 1);
    for (ViewType view : ViewType.values()) {
      for (boolean ascending : new boolean[] {false, true}) {
        List<OrderBy> order = List.of(new OrderBy(EntityType.METRIC, "m", ascending));
        List<String> ranked = allPages(List.of(exp, other), List.of(bound), order, view);
        List<String> general =
            allPages(List.of(exp, other), List.of(bound, alwaysTrue), order, view);
        assertThat(ranked).as("%s %s", view, ascending ? "ASC" : "DESC").isEqualTo(general);
      }
    }
    // Ties on m (0.7) go by start time DESC, then run id, as in the general plan.
    List<Integer> active = new ArrayList<>(List.of(0, 9, 7, 2, 1, 3, 5));
    active.sort(
        java.util.Comparator.<Integer>comparingDouble(i -> -values[i])
            .thenComparingLong(i -> -(1000 + i % 3))
            .thenComparing(ids::get));
    assertThat(
            allPages(
                List.of(exp, other),
                List.of(bound),
                List.of(new OrderBy(EntityType.METRIC, "m", false)),
                ViewType.ACTIVE_ONLY))
        .containsExactlyElementsOf(active.stream().map(ids::get).toList());
    assertThat(
            allPages(
                List.of(exp),
                List.of(bound),
                List.of(new OrderBy(EntityType.METRIC, "m", false)),
                ViewType.DELETED_ONLY))
        .containsExactly(ids.get(6));
  }

  private List<String> allPages(
      List<String> experimentIds, List<Comparison> filter, List<OrderBy> order, ViewType view) {
    List<String> seen = new ArrayList<>();
    String token = null;
    do {
      Page<Run> page =
          store.searchRuns(
              new RunQuery(experimentIds, new SearchFilter(filter), view, 2, order, token));
      page.items().forEach(r -> seen.add(r.info().runId()));
      token = page.nextPageToken();
    } while (token != null);
    return seen;
  }

  // ---- experiment summaries ----------------------------------------------------------------

  @Test
  void summarizeExperimentsCountsActiveRunsAndLastActivity() {
    String busy = experiment("busy");
    String empty = experiment("empty");
    run(busy, "a", 5_000_000_000_000L);
    Run b = run(busy, "b", 5_000_000_001_000L);
    String gone = run(busy, "gone", 5_000_000_009_000L).info().runId();
    store.deleteRun(gone);
    store.updateRun(b.info().runId(), new RunUpdate(RunStatus.FINISHED, 5_000_000_002_000L, null));
    Experiment emptyExp = store.getExperiment(empty);

    List<ExperimentSummary> summaries =
        store.summarizeExperiments(List.of(empty, busy, "4040", "not-a-number", busy));

    assertThat(summaries)
        .containsExactlyInAnyOrder(
            new ExperimentSummary(busy, 2, 5_000_000_002_000L),
            new ExperimentSummary(empty, 0, emptyExp.lastUpdateTime()));
    assertThat(store.summarizeExperiments(List.of())).isEmpty();
    List<String> tooMany = IntStream.range(0, 1001).mapToObj(Integer::toString).toList();
    assertThatThrownBy(() -> store.summarizeExperiments(tooMany))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void experimentKeysListTheActiveRunsMetricAndParamKeys() {
    String exp = experiment("keys");
    String other = experiment("keys-other");
    String a = run(exp, "a", 1).info().runId();
    String b = run(exp, "b", 2).info().runId();
    String gone = run(exp, "gone", 3).info().runId();
    String elsewhere = run(other, "x", 4).info().runId();
    store.logBatch(
        a, List.of(metric("loss", 0.5, 1, 0)), List.of(new Param("lr", "0.1")), List.of());
    store.logBatch(
        b,
        List.of(metric("acc", 0.9, 1, 0), metric("loss", 0.4, 1, 0)),
        List.of(new Param("lr", "0.2"), new Param("depth", "3")),
        List.of());
    store.logBatch(
        gone,
        List.of(metric("deleted_metric", 1, 1, 0)),
        List.of(new Param("deleted_param", "1")),
        List.of());
    store.logBatch(
        elsewhere,
        List.of(metric("other_metric", 1, 1, 0)),
        List.of(new Param("other", "1")),
        List.of());
    store.deleteRun(gone);

    assertThat(store.experimentKeys(exp))
        .isEqualTo(new ExperimentKeys(List.of("acc", "loss"), List.of("depth", "lr")));
    assertThat(store.experimentKeys(experiment("keys-empty")))
        .isEqualTo(new ExperimentKeys(List.of(), List.of()));
    assertThatThrownBy(() -> store.experimentKeys("4040404")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> store.experimentKeys("not-a-number"))
        .isInstanceOf(GalleyException.class);
  }

  // ---- leaderboard -------------------------------------------------------------------------

  @Test
  void leaderboardRanksByLastMinOrMax() {
    String exp = experiment("board");
    // last / min / max: a 0.9/0.1/0.9, b 0.5/0.5/0.95, c 0.7/0.05/0.7
    String a = run(exp, "a", 1).info().runId();
    String b = run(exp, "b", 2).info().runId();
    String c = run(exp, "c", 3).info().runId();
    String noMetric = run(exp, "d", 4).info().runId();
    String deleted = run(exp, "e", 5).info().runId();
    store.logBatch(
        a,
        List.of(metric("acc", 0.1, 1, 0), metric("acc", 0.9, 2, 1)),
        List.of(new Param("k", "x")),
        List.of());
    store.logBatch(
        b,
        List.of(metric("acc", 0.95, 1, 0), metric("acc", 0.5, 2, 1)),
        List.of(new Param("k", "y")),
        List.of());
    store.logBatch(
        c,
        List.of(metric("acc", 0.05, 1, 0), metric("acc", 0.7, 2, 1)),
        List.of(new Param("k", "x")),
        List.of());
    store.logBatch(noMetric, List.of(metric("loss", 1, 1, 0)), List.of(), List.of());
    store.logBatch(deleted, List.of(metric("acc", 1.0, 1, 0)), List.of(), List.of());
    store.deleteRun(deleted);
    assertThat(board(exp, MetricAggregate.LAST, true, SearchFilter.MATCH_ALL))
        .containsExactly("a", "c", "b");
    assertThat(board(exp, MetricAggregate.LAST, false, SearchFilter.MATCH_ALL))
        .containsExactly("b", "c", "a");
    assertThat(board(exp, MetricAggregate.MAX, true, SearchFilter.MATCH_ALL))
        .containsExactly("b", "a", "c");
    assertThat(board(exp, MetricAggregate.MAX, false, SearchFilter.MATCH_ALL))
        .containsExactly("c", "a", "b");
    assertThat(board(exp, MetricAggregate.MIN, true, SearchFilter.MATCH_ALL))
        .containsExactly("b", "a", "c");
    assertThat(board(exp, MetricAggregate.MIN, false, SearchFilter.MATCH_ALL))
        .containsExactly("c", "a", "b");
    // Without a filter the board is ranked inside latest_metrics; with one, over the runs join.
    // An always-true filter must give the same board.
    SearchFilter allRuns =
        new SearchFilter(List.of(cmp(EntityType.ATTRIBUTE, "run_name", Comparator.NEQ, "zzz")));
    for (MetricAggregate agg : MetricAggregate.values()) {
      for (boolean descending : new boolean[] {true, false}) {
        assertThat(board(exp, agg, descending, SearchFilter.MATCH_ALL))
            .as("%s %s", agg, descending)
            .isEqualTo(board(exp, agg, descending, allRuns))
            .doesNotContain("e", "d");
      }
    }
    SearchFilter onlyX = new SearchFilter(List.of(cmp(EntityType.PARAM, "k", Comparator.EQ, "x")));
    assertThat(board(exp, MetricAggregate.MAX, true, onlyX)).containsExactly("a", "c");
    List<LeaderboardEntry> top =
        store.leaderboard(
            new LeaderboardQuery(exp, "acc", MetricAggregate.MAX, true, 1, SearchFilter.MATCH_ALL));
    assertThat(top).hasSize(1);
    assertThat(top.get(0).rank()).isEqualTo(1);
    assertThat(top.get(0).summary().max()).isEqualTo(metric("acc", 0.95, 1, 0));
    assertThat(top.get(0).summary().last()).isEqualTo(metric("acc", 0.5, 2, 1));
    assertThat(top.get(0).run().data().params()).containsExactly(new Param("k", "y"));
    assertThatThrownBy(
            () ->
                store.leaderboard(
                    new LeaderboardQuery(
                        "4040", "acc", MetricAggregate.MAX, true, 1, SearchFilter.MATCH_ALL)))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void leaderboardBreaksTiesByStartTimeThenRunId() {
    String exp = experiment("ties");
    for (String name : List.of("late", "early")) {
      String id = run(exp, name, name.equals("early") ? 1 : 2).info().runId();
      store.logBatch(id, List.of(metric("acc", 0.5, 1, 0)), List.of(), List.of());
    }
    assertThat(board(exp, MetricAggregate.LAST, true, SearchFilter.MATCH_ALL))
        .containsExactly("late", "early");
    assertThat(board(exp, MetricAggregate.LAST, false, SearchFilter.MATCH_ALL))
        .containsExactly("late", "early");
  }

  @Test
  void theBottomOfALeaderboardIsItsRankingReadBackwardsTiesIncluded() {
    String exp = experiment("bottom");
    long start = 1;
    for (String name : List.of("top", "tie-early", "tie-late", "worst-early", "worst-late")) {
      String id = run(exp, name, start++).info().runId();
      double value = name.equals("top") ? 0.9 : name.startsWith("tie") ? 0.5 : 0.1;
      store.logBatch(id, List.of(metric("acc", value, 1, 0)), List.of(), List.of());
    }
    String nan = run(exp, "nan", start).info().runId();
    store.logBatch(nan, List.of(metric("acc", Double.NaN, 1, 0)), List.of(), List.of());
    SearchFilter allRuns =
        new SearchFilter(List.of(cmp(EntityType.ATTRIBUTE, "run_name", Comparator.NEQ, "zzz")));
    for (SearchFilter filter : List.of(SearchFilter.MATCH_ALL, allRuns)) {
      for (boolean descending : new boolean[] {true, false}) {
        List<String> ranking = board(exp, MetricAggregate.LAST, descending, false, filter);
        List<String> finite = new ArrayList<>(ranking.subList(0, ranking.size() - 1));
        Collections.reverse(finite);
        finite.add("nan");
        assertThat(board(exp, MetricAggregate.LAST, descending, true, filter))
            .as("descending %s, filter %s", descending, filter)
            .isEqualTo(finite);
      }
    }
    assertThat(board(exp, MetricAggregate.LAST, true, false, SearchFilter.MATCH_ALL))
        .containsExactly("top", "tie-late", "tie-early", "worst-late", "worst-early", "nan");
    assertThat(board(exp, MetricAggregate.LAST, true, true, SearchFilter.MATCH_ALL))
        .containsExactly("worst-early", "worst-late", "tie-early", "tie-late", "top", "nan");
  }

  List<String> board(String exp, MetricAggregate agg, boolean descending, SearchFilter filter) {
    return board(exp, agg, descending, false, filter);
  }

  List<String> board(
      String exp,
      MetricAggregate agg,
      boolean descending,
      boolean fromBottom,
      SearchFilter filter) {
    return store
        .leaderboard(new LeaderboardQuery(exp, "acc", agg, descending, fromBottom, 10, filter))
        .stream()
        .map(e -> e.run().info().runName())
        .toList();
  }

  @Test
  void metricSummariesOfARun() {
    String id = run(experiment("sum"), "r", 1).info().runId();
    store.logBatch(
        id,
        List.of(metric("b", 2, 1, 0), metric("a", 1, 1, 0), metric("a", -1, 2, 1)),
        List.of(),
        List.of());
    List<MetricSummary> summaries = store.getMetricSummaries(id);
    assertThat(summaries).extracting(MetricSummary::key).containsExactly("a", "b");
    assertThat(summaries.get(0).last()).isEqualTo(metric("a", -1, 2, 1));
    assertThat(summaries.get(0).min()).isEqualTo(metric("a", -1, 2, 1));
    assertThat(summaries.get(0).max()).isEqualTo(metric("a", 1, 1, 0));
  }

  @Test
  void concurrentBatchesToOneRunKeepEveryPointAndTheRightSummary() throws Exception {
    String id = run(experiment("conc"), "r", 1).info().runId();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Void>> tasks = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        tasks.add(
            () -> {
              for (int b = 0; b < 5; b++) {
                List<Metric> batch = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                  long step = thread * 1000L + b * 50L + i;
                  batch.add(metric("m", step, step, step));
                }
                store.logBatch(id, batch, List.of(), List.of(new Tag("t" + thread, "b" + b)));
              }
              return null;
            });
      }
      for (Future<Void> f : pool.invokeAll(tasks)) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.getMetricHistory(id, "m", 0, null).items()).hasSize(1000);
    MetricSummary s = summary(id, "m");
    assertThat(s.last().step()).isEqualTo(3249);
    assertThat(s.min().value()).isEqualTo(0);
    assertThat(s.max().value()).isEqualTo(3249);
  }
}
