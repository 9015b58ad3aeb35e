package io.galley.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.InvalidRequestException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What breaks a limit never reaches the adapter; what keeps to them does, unchanged. */
class ValidatingTrackingStoreTest {
  private final List<String> reached = new ArrayList<>();
  private final TrackingStore store =
      ValidatingTrackingStore.of(
          (TrackingStore)
              Proxy.newProxyInstance(
                  TrackingStore.class.getClassLoader(),
                  new Class<?>[] {TrackingStore.class},
                  (proxy, method, args) -> {
                    reached.add(method.getName());
                    return null;
                  }));

  @Test
  void invalidValuesStopInFrontOfTheAdapter() {
    assertThatThrownBy(() -> store.getRun("../etc/passwd"))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> store.createExperiment("", null, List.of()))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(
            () ->
                store.logBatch(
                    "r1",
                    List.of(),
                    List.of(new Param("k".repeat(TrackingLimits.MAX_ENTITY_KEY_LENGTH + 1), "v")),
                    List.of()))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(
            () ->
                store.createRun(
                    new NewRun(
                        "0",
                        null,
                        "run",
                        0,
                        List.of(new Tag("t", "x".repeat(TrackingLimits.MAX_TAG_VAL_LENGTH + 1))))))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> store.updateTag("r1", "bad key!", current -> "v"))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> store.createRun(new NewRun("0", null, "n".repeat(300), 0, List.of())))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(reached).isEmpty();
  }

  @Test
  void validValuesReachTheAdapter() {
    store.getRun("r1");
    store.logBatch("r1", List.of(), List.of(new Param("p", "1")), List.of(new Tag("t", "v")));
    store.createRun(new NewRun("0", null, "run", 0, List.of()));
    assertThat(reached).containsExactly("getRun", "logBatch", "createRun");
  }

  @Test
  void longValuesReachTheAdapterTruncatedAsMlflowsServerStoresThem() {
    List<Object[]> batches = new ArrayList<>();
    TrackingStore recording =
        ValidatingTrackingStore.of(
            (TrackingStore)
                Proxy.newProxyInstance(
                    TrackingStore.class.getClassLoader(),
                    new Class<?>[] {TrackingStore.class},
                    (proxy, method, args) -> {
                      batches.add(args);
                      return null;
                    }));
    String param = "p".repeat(TrackingLimits.MAX_PARAM_VAL_LENGTH + 1);
    String tag = "t".repeat(TrackingLimits.MAX_TAG_VAL_LENGTH + 1);
    recording.logBatch("r1", List.of(), List.of(new Param("p", param)), List.of(new Tag("t", tag)));
    assertThat(batches).hasSize(1);
    assertThat(batches.get(0)[2]).isEqualTo(List.of(new Param("p", param.substring(0, 6000))));
    assertThat(batches.get(0)[3]).isEqualTo(List.of(new Tag("t", tag.substring(0, 8000))));
  }

  @Test
  void updateTagRefusesAValueTooLongWhateverTheAdapterPassesIn() {
    TrackingStore applying =
        ValidatingTrackingStore.of(
            (TrackingStore)
                Proxy.newProxyInstance(
                    TrackingStore.class.getClassLoader(),
                    new Class<?>[] {TrackingStore.class},
                    (proxy, method, args) -> {
                      @SuppressWarnings("unchecked")
                      var update = (java.util.function.Function<Optional<String>, String>) args[2];
                      return new Tag((String) args[1], update.apply(Optional.of("old")));
                    }));
    assertThat(applying.updateTag("r1", "h", current -> current.orElseThrow() + "+"))
        .isEqualTo(new Tag("h", "old+"));
    assertThatThrownBy(() -> applying.updateTag("r1", "h", current -> "x".repeat(8001)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("had length 8001, which exceeded length limit of 8000");
  }

  @Test
  void aStoreIsWrappedOnce() {
    assertThat(ValidatingTrackingStore.of(store)).isSameAs(store);
  }

  @Test
  void tooManyDatasetsOrExperimentIdsStopInFrontOfTheAdapter() {
    Dataset dataset = new Dataset("n", "d", "local", "s", null, null);
    List<DatasetInput> atLimit =
        java.util.Collections.nCopies(
            TrackingLimits.MAX_DATASETS_PER_LOG_INPUTS, new DatasetInput(List.of(), dataset));
    List<DatasetInput> overLimit = new ArrayList<>(atLimit);
    overLimit.add(new DatasetInput(List.of(), dataset));
    assertThatThrownBy(() -> store.logInputs("r1", overLimit))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("at most 1000 datasets");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i <= TrackingLimits.MAX_EXPERIMENT_IDS_PER_SEARCH; i++) {
      ids.add(Integer.toString(i));
    }
    assertThatThrownBy(() -> store.searchRuns(query(ids)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("at most 1000 experiment ids");
    assertThat(reached).isEmpty();

    store.logInputs("r1", atLimit);
    store.searchRuns(query(ids.subList(0, TrackingLimits.MAX_EXPERIMENT_IDS_PER_SEARCH)));
    assertThat(reached).containsExactly("logInputs", "searchRuns");
  }

  private static RunQuery query(List<String> experimentIds) {
    return new RunQuery(
        experimentIds,
        io.galley.core.search.SearchFilter.MATCH_ALL,
        ViewType.ACTIVE_ONLY,
        RunQuery.DEFAULT_MAX_RESULTS,
        List.of(),
        null);
  }
}
