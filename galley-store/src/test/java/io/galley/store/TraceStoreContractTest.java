package io.galley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.InvalidRequestException;
import io.galley.core.NotFoundException;
import io.galley.core.blob.Digest;
import io.galley.core.tracing.NewTrace;
import io.galley.core.tracing.TraceData;
import io.galley.core.tracing.TraceDeletion;
import io.galley.core.tracing.TraceEnd;
import io.galley.core.tracing.TraceInfo;
import io.galley.core.tracing.TraceQuery;
import io.galley.core.tracing.TraceSearchParser;
import io.galley.core.tracing.TraceStatus;
import io.galley.core.tracing.TraceStore;
import io.galley.core.tracking.Page;
import io.galley.core.tracking.TrackingStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link TraceStore} must do, as MLflow 2.17's SqlAlchemyStore does it ({@code
 * start_trace} ... {@code _delete_traces}). Each database runs it through a subclass.
 */
abstract class TraceStoreContractTest {
  private static final Digest BLOB =
      Digest.parse("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

  @TempDir Path tempDir;
  JdbcStore jdbc;
  TraceStore traces;
  TrackingStore tracking;
  String experiment;

  abstract StoreConfig database(Path tempDir);

  @BeforeEach
  void open() {
    jdbc = JdbcStore.open(database(tempDir));
    traces = jdbc.traces();
    tracking = jdbc.tracking();
    experiment = tracking.createExperiment("llm", null, List.of()).experimentId();
  }

  @AfterEach
  void close() {
    if (jdbc != null) {
      jdbc.close();
    }
  }

  private TraceInfo start(
      long timestampMs, Map<String, String> metadata, Map<String, String> tags) {
    return traces.startTrace(new NewTrace(experiment, timestampMs, metadata, tags));
  }

  private TraceInfo end(String requestId, long timestampMs, TraceStatus status) {
    return traces.endTrace(new TraceEnd(requestId, timestampMs, status, Map.of(), Map.of()));
  }

  private Page<TraceInfo> search(@Nullable String filter, List<String> orderBy, int max) {
    return search(filter, orderBy, max, null);
  }

  private Page<TraceInfo> search(
      @Nullable String filter, List<String> orderBy, int max, @Nullable String token) {
    return traces.searchTraces(
        new TraceQuery(
            List.of(experiment),
            TraceSearchParser.parseFilter(filter),
            TraceSearchParser.parseOrderBy(orderBy),
            max,
            token));
  }

  private static List<String> ids(Page<TraceInfo> page) {
    return page.items().stream().map(TraceInfo::requestId).toList();
  }

  @Test
  void startStoresAnInProgressTraceWithItsArtifactLocation() {
    TraceInfo t = start(1000, Map.of("mlflow.sourceRun", "r1"), Map.of("mlflow.traceName", "qa"));

    assertThat(t.requestId()).matches("[0-9a-f]{32}");
    assertThat(t.experimentId()).isEqualTo(experiment);
    assertThat(t.timestampMs()).isEqualTo(1000);
    assertThat(t.executionTimeMs()).isNull();
    assertThat(t.status()).isEqualTo(TraceStatus.IN_PROGRESS);
    assertThat(t.requestMetadata()).containsExactly(Map.entry("mlflow.sourceRun", "r1"));
    assertThat(t.tags())
        .containsEntry("mlflow.traceName", "qa")
        .containsEntry(
            "mlflow.artifactLocation",
            "mlflow-artifacts:/" + experiment + "/traces/" + t.requestId() + "/artifacts");
    assertThat(traces.getTraceInfo(t.requestId())).isEqualTo(t);
  }

  @Test
  void endSetsStatusAndExecutionTimeAndMergesMetadataAndTags() {
    TraceInfo t = start(1000, Map.of("a", "1", "b", "2"), Map.of("x", "1"));

    TraceInfo ended =
        traces.endTrace(
            new TraceEnd(t.requestId(), 1250, TraceStatus.OK, Map.of("b", "3"), Map.of("y", "2")));

    assertThat(ended.status()).isEqualTo(TraceStatus.OK);
    assertThat(ended.executionTimeMs()).isEqualTo(250);
    assertThat(ended.timestampMs()).isEqualTo(1000);
    assertThat(ended.requestMetadata()).containsExactly(Map.entry("a", "1"), Map.entry("b", "3"));
    assertThat(ended.tags()).containsEntry("x", "1").containsEntry("y", "2");
    assertThat(traces.getTraceInfo(t.requestId())).isEqualTo(ended);
  }

  @Test
  void unknownTracesAndExperimentsAreNotFound() {
    assertThatThrownBy(() -> traces.getTraceInfo("0123456789abcdef0123456789abcdef"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("Trace with request_id '0123456789abcdef0123456789abcdef' not found.");
    assertThat(traces.findTraceInfo("x".repeat(100_000))).isEmpty();
    assertThatThrownBy(() -> end("nosuch", 1, TraceStatus.OK))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> traces.setTraceTag("nosuch", "k", "v"))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> traces.startTrace(new NewTrace("987654", 1, Map.of(), Map.of())))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("987654");
    assertThatThrownBy(() -> traces.startTrace(new NewTrace("abc", 1, Map.of(), Map.of())))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void aDeletedExperimentTakesNoNewTraces() {
    tracking.deleteExperiment(experiment);
    assertThatThrownBy(() -> start(1, Map.of(), Map.of()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("must be in the 'active' state");
  }

  @Test
  void oversizedValuesAreRefusedNamingTheField() {
    assertThatThrownBy(() -> start(1, Map.of(), Map.of("k", "v".repeat(8001))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("tags value for key 'k'")
        .hasMessageContaining("8000");
    assertThatThrownBy(() -> start(1, Map.of("k".repeat(251), "v"), Map.of()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("request_metadata key");
    assertThatThrownBy(() -> start(-1, Map.of(), Map.of()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("timestamp_ms");
    // The largest values fit the columns on every database.
    TraceInfo t = start(1, Map.of("m".repeat(250), "v".repeat(8000)), Map.of());
    traces.setTraceTag(t.requestId(), "k".repeat(250), "é".repeat(8000));
    assertThat(traces.getTraceInfo(t.requestId()).tags())
        .containsEntry("k".repeat(250), "é".repeat(8000));
  }

  @Test
  void searchIsNewestFirstThenByIdAndPages() {
    List<String> started = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      started.add(start(1000 + (i / 2) * 10, Map.of(), Map.of()).requestId());
    }
    Page<TraceInfo> all = search(null, List.of(), 100);
    assertThat(all.nextPageToken()).isNull();
    List<String> expected = new ArrayList<>();
    expected.add(started.get(4));
    expected.addAll(started.subList(2, 4).stream().sorted().toList());
    expected.addAll(started.subList(0, 2).stream().sorted().toList());
    assertThat(ids(all)).containsExactlyElementsOf(expected);

    List<String> paged = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      Page<TraceInfo> page = search(null, List.of(), 2, token);
      paged.addAll(ids(page));
      token = page.nextPageToken();
      pages++;
    } while (token != null);
    assertThat(pages).isEqualTo(3);
    assertThat(paged).containsExactlyElementsOf(expected);
    assertThatThrownBy(() -> search(null, List.of(), 2, "not a token"))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void searchFiltersOnTimesStatusTagsAndMetadata() {
    TraceInfo a =
        start(
            1000,
            Map.of("mlflow.sourceRun", "run-a"),
            Map.of("env", "prod", "mlflow.traceName", "qa"));
    TraceInfo b =
        start(
            2000,
            Map.of("mlflow.sourceRun", "run-b"),
            Map.of("env", "dev", "mlflow.traceName", "chat"));
    TraceInfo c = start(3000, Map.of(), Map.of());
    end(a.requestId(), 1100, TraceStatus.OK);
    end(b.requestId(), 2500, TraceStatus.ERROR);

    assertThat(ids(search("timestamp_ms > 1500", List.of(), 100)))
        .containsExactly(c.requestId(), b.requestId());
    assertThat(
            ids(search("attributes.timestamp <= 2000 AND execution_time_ms < 200", List.of(), 100)))
        .containsExactly(a.requestId());
    assertThat(ids(search("status = 'IN_PROGRESS'", List.of(), 100)))
        .containsExactly(c.requestId());
    assertThat(ids(search("trace.status != 'OK'", List.of(), 100)))
        .containsExactly(c.requestId(), b.requestId());
    assertThat(ids(search("status IN ('OK', 'ERROR')", List.of(), 100)))
        .containsExactly(b.requestId(), a.requestId());
    assertThat(ids(search("tags.env = 'prod'", List.of(), 100))).containsExactly(a.requestId());
    // As MLflow joins the tag: != needs the tag to exist.
    assertThat(ids(search("tags.env != 'prod'", List.of(), 100))).containsExactly(b.requestId());
    assertThat(ids(search("request_metadata.`mlflow.sourceRun` = 'run-b'", List.of(), 100)))
        .containsExactly(b.requestId());
    assertThat(ids(search("metadata.\"mlflow.sourceRun\" = 'run-a'", List.of(), 100)))
        .containsExactly(a.requestId());
    assertThat(ids(search("run_id = 'run-a'", List.of(), 100))).containsExactly(a.requestId());
    assertThat(ids(search("name IN ('qa', 'chat')", List.of(), 100)))
        .containsExactly(b.requestId(), a.requestId());
    assertThat(ids(search("name NOT IN ('qa')", List.of(), 100))).containsExactly(b.requestId());
    assertThat(ids(search("request_id = '" + c.requestId() + "'", List.of(), 100)))
        .containsExactly(c.requestId());
    assertThat(ids(search("tags.env = \"it's\"", List.of(), 100))).isEmpty();
  }

  /** Many clauses on a few keys: each key is one subquery, and the answer is each clause's. */
  @Test
  void aFilterOfHundredsOfClausesOnFewKeysAnswersWhatEachClauseSays() {
    List<String> kept = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      TraceInfo t =
          start(
              1000 + i,
              Map.of("mlflow.sourceRun", "run-" + (i % 3)),
              Map.of("env", "e" + (i % 4), "name", "n" + i));
      if (i % 4 != 3 && i % 3 != 1) {
        kept.add(0, t.requestId()); // newest first
      }
    }
    StringBuilder filter = new StringBuilder("tags.env != 'e3'");
    for (int k = 0; k < 150; k++) {
      filter.append(" AND tags.env != 'never").append(k).append("'");
      filter.append(" AND request_metadata.`mlflow.sourceRun` != 'run-1'");
      filter.append(" AND tags.name != 'n99'");
    }
    filter.append(" AND timestamp_ms >= 1000");

    assertThat(ids(search(filter.toString(), List.of(), 100))).containsExactlyElementsOf(kept);
    assertThat(kept).hasSize(6);
  }

  @Test
  void searchOrdersByAttributesAndTagsWithMissingValuesLast() {
    TraceInfo a = start(1000, Map.of(), Map.of("rank", "b"));
    TraceInfo b = start(2000, Map.of(), Map.of("rank", "a"));
    TraceInfo c = start(3000, Map.of(), Map.of());
    end(a.requestId(), 1300, TraceStatus.OK);
    end(b.requestId(), 2100, TraceStatus.OK);

    assertThat(ids(search(null, List.of("execution_time_ms ASC"), 100)))
        .containsExactly(b.requestId(), a.requestId(), c.requestId());
    assertThat(ids(search(null, List.of("execution_time DESC"), 100)))
        .containsExactly(a.requestId(), b.requestId(), c.requestId());
    assertThat(ids(search(null, List.of("timestamp_ms"), 100)))
        .containsExactly(a.requestId(), b.requestId(), c.requestId());
    assertThat(ids(search(null, List.of("tags.rank ASC"), 100)))
        .containsExactly(b.requestId(), a.requestId(), c.requestId());
  }

  @Test
  void searchSeesOnlyTheNamedExperiments() {
    TraceInfo mine = start(1, Map.of(), Map.of());
    String other = tracking.createExperiment("other", null, List.of()).experimentId();
    TraceInfo theirs = traces.startTrace(new NewTrace(other, 2, Map.of(), Map.of()));

    assertThat(ids(search(null, List.of(), 100))).containsExactly(mine.requestId());
    Page<TraceInfo> both =
        traces.searchTraces(
            new TraceQuery(List.of(experiment, other, "abc"), List.of(), List.of(), 100, null));
    assertThat(ids(both)).containsExactly(theirs.requestId(), mine.requestId());
    assertThatThrownBy(
            () -> traces.searchTraces(new TraceQuery(List.of(), List.of(), List.of(), 100, null)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("experiment_ids");
    assertThatThrownBy(() -> search(null, List.of(), 501))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> search(null, List.of(), 0))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void tagsAreSetReplacedAndDeleted() {
    TraceInfo t = start(1, Map.of(), Map.of());
    traces.setTraceTag(t.requestId(), "k", "v1");
    traces.setTraceTag(t.requestId(), "k", "v2");
    assertThat(traces.getTraceInfo(t.requestId()).tags()).containsEntry("k", "v2");

    traces.deleteTraceTag(t.requestId(), "k");
    assertThat(traces.getTraceInfo(t.requestId()).tags()).doesNotContainKey("k");
    assertThatThrownBy(() -> traces.deleteTraceTag(t.requestId(), "k"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("No trace tag with key 'k' for trace with request_id '" + t.requestId() + "'");
  }

  @Test
  void deleteByIdsTouchesOnlyThatExperiment() {
    TraceInfo a = start(1, Map.of(), Map.of("k", "v"));
    TraceInfo b = start(2, Map.of(), Map.of());
    String other = tracking.createExperiment("other", null, List.of()).experimentId();
    TraceInfo theirs = traces.startTrace(new NewTrace(other, 3, Map.of(), Map.of()));

    int deleted =
        traces.deleteTraces(
            new TraceDeletion(
                experiment, null, null, List.of(a.requestId(), theirs.requestId(), "x")));

    assertThat(deleted).isEqualTo(1);
    assertThat(traces.findTraceInfo(a.requestId())).isEmpty();
    assertThat(traces.findTraceInfo(b.requestId())).isPresent();
    assertThat(traces.findTraceInfo(theirs.requestId())).isPresent();
  }

  @Test
  void deleteByAgeTakesTheOldestFirstUpToMaxTraces() {
    TraceInfo a = start(100, Map.of(), Map.of());
    TraceInfo b = start(200, Map.of(), Map.of());
    TraceInfo c = start(300, Map.of(), Map.of());
    TraceInfo d = start(400, Map.of(), Map.of());

    assertThat(traces.deleteTraces(new TraceDeletion(experiment, 300L, 2, List.of()))).isEqualTo(2);
    assertThat(ids(search(null, List.of(), 100))).containsExactly(d.requestId(), c.requestId());
    assertThat(traces.deleteTraces(new TraceDeletion(experiment, 300L, null, List.of())))
        .isEqualTo(1);
    assertThat(ids(search(null, List.of(), 100))).containsExactly(d.requestId());
    assertThat(a.requestId()).isNotEqualTo(b.requestId());
  }

  @Test
  void deletionNeedsAgeOrIdsAsMlflowsClientAsks() {
    assertThatThrownBy(
            () -> traces.deleteTraces(new TraceDeletion(experiment, null, null, List.of())))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Either `max_timestamp_millis` or `request_ids` must be specified.");
    assertThatThrownBy(
            () -> traces.deleteTraces(new TraceDeletion(experiment, 1L, null, List.of("a"))))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(
            () -> traces.deleteTraces(new TraceDeletion(experiment, null, 3, List.of("a"))))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(traces.deleteTraces(new TraceDeletion("nosuch", 1L, null, List.of()))).isZero();
  }

  @Test
  void traceDataIsRecordedAndItsBlobKeptUntilTheTraceIsDeleted() {
    TraceInfo t = start(1, Map.of(), Map.of());
    assertThat(traces.findTraceData(t.requestId())).isEmpty();

    traces.setTraceData(t.requestId(), new TraceData(BLOB, 42));

    assertThat(traces.findTraceData(t.requestId())).contains(new TraceData(BLOB, 42));
    Set<Digest> referenced = new HashSet<>();
    traces.forEachReferencedDigest(referenced::add);
    assertThat(referenced).containsExactly(BLOB);
    assertThatThrownBy(() -> traces.setTraceData("nosuch", new TraceData(BLOB, 1)))
        .isInstanceOf(NotFoundException.class);

    traces.deleteTraces(new TraceDeletion(experiment, null, null, List.of(t.requestId())));
    referenced.clear();
    traces.forEachReferencedDigest(referenced::add);
    assertThat(referenced).isEmpty();
  }
}
