package io.galley.server.mlflow;

import static io.galley.server.mlflow.ExperimentRoutes.clampToInt;
import static io.galley.server.mlflow.ExperimentRoutes.emptyToNull;
import static io.galley.server.mlflow.ExperimentRoutes.tags;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.client.mlflow.RunResponseJson;
import io.galley.client.mlflow.SearchRunsResponseJson;
import io.galley.client.mlflow.UpdateRunResponseJson;
import io.galley.core.access.Permission;
import io.galley.core.search.FilterParser;
import io.galley.core.search.OrderByParser;
import io.galley.core.search.SearchTarget;
import io.galley.core.tracking.Dataset;
import io.galley.core.tracking.DatasetInput;
import io.galley.core.tracking.Experiment;
import io.galley.core.tracking.Metric;
import io.galley.core.tracking.NewRun;
import io.galley.core.tracking.Param;
import io.galley.core.tracking.Run;
import io.galley.core.tracking.RunQuery;
import io.galley.core.tracking.RunStatus;
import io.galley.core.tracking.RunUpdate;
import io.galley.core.tracking.Tag;
import io.galley.core.tracking.TrackingStore;
import io.galley.core.tracking.ViewType;
import io.galley.server.access.Caller;
import java.util.List;

/** {@code runs/*}: lifecycle, search, and logging of metrics, params, tags and inputs. */
final class RunRoutes {
  private final TrackingStore store;
  private final DatasetContentDigests contentDigests;

  RunRoutes(TrackingStore store, DatasetContentDigests contentDigests) {
    this.store = store;
    this.contentDigests = contentDigests;
  }

  void mount(Endpoints e) {
    e.post("runs/create", Rule.SIGNED_IN, this::create);
    e.get("runs/get", Rule.run(Permission.READ), this::get);
    e.post("runs/update", Rule.run(Permission.EDIT), this::update);
    e.post("runs/delete", Rule.run(Permission.MANAGE), this::delete);
    e.post("runs/restore", Rule.run(Permission.MANAGE), this::restore);
    e.post("runs/search", Rule.SIGNED_IN, this::search);
    e.post("runs/log-metric", Rule.run(Permission.EDIT), this::logMetric);
    e.post("runs/log-parameter", Rule.run(Permission.EDIT), this::logParam);
    e.post("runs/set-tag", Rule.run(Permission.EDIT), this::setTag);
    e.post("runs/delete-tag", Rule.run(Permission.EDIT), this::deleteTag);
    e.postBody("runs/log-batch", this::logBatch);
    e.post("runs/log-inputs", Rule.run(Permission.EDIT), this::logInputs);
    e.post("runs/log-model", Rule.run(Permission.EDIT), this::logModel);
  }

  private Object create(RequestFields in, Caller caller) {
    String experimentId = emptyToNull(in.string("experiment_id"));
    Long startTime = in.int64("start_time");
    String experiment = experimentId == null ? Experiment.DEFAULT_ID : experimentId;
    caller.requireExperiment(experiment, Permission.EDIT);
    NewRun run =
        new NewRun(
            experiment,
            emptyToNull(in.string("user_id")),
            emptyToNull(in.string("run_name")),
            startTime == null ? System.currentTimeMillis() : startTime,
            tags(in.messages("tags")));
    Run created = store.createRun(run);
    caller.createdRun(created.info().runId(), created.info().experimentId());
    return RunResponseJson.of(created);
  }

  private Object get(RequestFields in, Caller caller) {
    return RunResponseJson.of(store.getRun(in.runId()));
  }

  private Object update(RequestFields in, Caller caller) {
    String runId = in.runId();
    String status = in.enumName("status");
    RunUpdate update =
        new RunUpdate(
            status == null ? null : RunStatus.parse(status),
            in.int64("end_time"),
            in.string("run_name"));
    return UpdateRunResponseJson.of(store.updateRun(runId, update));
  }

  private Object delete(RequestFields in, Caller caller) {
    store.deleteRun(in.requiredString("run_id"));
    return Endpoints.EMPTY;
  }

  private Object restore(RequestFields in, Caller caller) {
    store.restoreRun(in.requiredString("run_id"));
    return Endpoints.EMPTY;
  }

  private Object search(RequestFields in, Caller caller) {
    Long max = in.int64("max_results");
    RunQuery query =
        new RunQuery(
            caller.readableExperiments(in.strings("experiment_ids")),
            FilterParser.parse(in.string("filter"), SearchTarget.RUNS),
            ViewType.parse(in.enumName("run_view_type")),
            max == null ? RunQuery.DEFAULT_MAX_RESULTS : clampToInt(max),
            OrderByParser.parse(in.strings("order_by"), SearchTarget.RUNS),
            emptyToNull(in.string("page_token")));
    return SearchRunsResponseJson.of(store.searchRuns(query));
  }

  private Object logMetric(RequestFields in, Caller caller) {
    String runId = in.runId();
    store.logBatch(runId, List.of(metric(in)), List.of(), List.of());
    return Endpoints.EMPTY;
  }

  private Object logParam(RequestFields in, Caller caller) {
    String runId = in.runId();
    Param param = new Param(in.requiredString("key"), in.string("value", ""));
    store.logBatch(runId, List.of(), List.of(param), List.of());
    return Endpoints.EMPTY;
  }

  private Object setTag(RequestFields in, Caller caller) {
    String runId = in.runId();
    Tag tag = new Tag(in.requiredString("key"), in.string("value", ""));
    store.logBatch(runId, List.of(), List.of(), List.of(tag));
    return Endpoints.EMPTY;
  }

  private Object deleteTag(RequestFields in, Caller caller) {
    String runId = in.requiredString("run_id");
    store.deleteTag(runId, in.requiredString("key"));
    return Endpoints.EMPTY;
  }

  /**
   * The metrics come from {@link LogBatchReader} when the body has the usual shape, else from the
   * JSON tree as every other endpoint reads it (which also gives the errors).
   */
  private Object logBatch(byte[] body, Caller caller) {
    LogBatchReader.Read fast = LogBatchReader.read(body);
    RequestFields in =
        RequestFields.ofBody(fast != null ? fast.rest() : RequestBodies.parseObject(body));
    String runId = in.requiredString("run_id");
    caller.requireRun(runId, Permission.EDIT);
    List<Metric> metrics =
        fast != null
            ? fast.metrics()
            : in.messages("metrics").stream().map(RunRoutes::metric).toList();
    List<Param> params =
        in.messages("params").stream()
            .map(p -> new Param(p.requiredString("key"), p.string("value", "")))
            .toList();
    List<Tag> tags = tags(in.messages("tags"));
    store.logBatch(runId, metrics, params, tags);
    return Endpoints.EMPTY;
  }

  private Object logInputs(RequestFields in, Caller caller) {
    String runId = in.requiredString("run_id");
    List<DatasetInput> inputs =
        in.messages("datasets").stream().map(RunRoutes::datasetInput).toList();
    store.logInputs(runId, contentDigests.withContentDigests(inputs));
    return Endpoints.EMPTY;
  }

  /**
   * MLflow's {@code _log_model}: the entry is checked before the run is looked at; the store
   * appends it under the run's lock, so concurrent calls each add theirs.
   */
  private Object logModel(RequestFields in, Caller caller) {
    String runId = in.requiredString("run_id");
    ObjectNode entry = LoggedModelHistory.entry(in.requiredString("model_json"));
    store.updateTag(
        runId, LoggedModelHistory.TAG, history -> LoggedModelHistory.append(history, entry));
    return Endpoints.EMPTY;
  }

  /** A {@code Metric} message: key, value and timestamp required; step defaults to 0. */
  private static Metric metric(RequestFields m) {
    String key = m.requiredString("key");
    double value = m.requiredDouble("value");
    long timestamp = m.requiredInt64("timestamp");
    Long step = m.int64("step");
    return new Metric(key, value, timestamp, step == null ? 0 : step);
  }

  private static DatasetInput datasetInput(RequestFields in) {
    List<Tag> tags =
        in.messages("tags").stream()
            .map(t -> new Tag(t.requiredString("key"), t.requiredString("value")))
            .toList();
    RequestFields d = in.requiredMessage("dataset");
    Dataset dataset =
        new Dataset(
            d.requiredString("name"),
            d.requiredString("digest"),
            d.requiredString("source_type"),
            d.requiredString("source"),
            d.string("schema"),
            d.string("profile"));
    return new DatasetInput(tags, dataset);
  }
}
