package io.galley.server.mlflow;

import io.galley.client.mlflow.CreateExperimentResponseJson;
import io.galley.client.mlflow.ExperimentResponseJson;
import io.galley.client.mlflow.SearchExperimentsResponseJson;
import io.galley.core.NotFoundException;
import io.galley.core.access.Permission;
import io.galley.core.access.Resource;
import io.galley.core.search.FilterParser;
import io.galley.core.search.OrderByParser;
import io.galley.core.search.SearchTarget;
import io.galley.core.tracking.Experiment;
import io.galley.core.tracking.ExperimentQuery;
import io.galley.core.tracking.Tag;
import io.galley.core.tracking.TrackingStore;
import io.galley.core.tracking.ViewType;
import io.galley.server.access.Caller;
import java.util.List;

/** {@code experiments/*}: create, get, get-by-name, search, update, delete, restore, tags. */
final class ExperimentRoutes {
  private final TrackingStore store;

  ExperimentRoutes(TrackingStore store) {
    this.store = store;
  }

  void mount(Endpoints e) {
    e.post("experiments/create", Rule.SIGNED_IN, this::create);
    e.get("experiments/get", Rule.experiment("experiment_id", Permission.READ), this::get);
    e.get("experiments/get-by-name", Rule.SIGNED_IN, this::getByName);
    e.get("experiments/search", Rule.SIGNED_IN, this::search);
    e.post("experiments/search", Rule.SIGNED_IN, this::search);
    e.post("experiments/update", Rule.experiment("experiment_id", Permission.EDIT), this::update);
    e.post("experiments/delete", Rule.experiment("experiment_id", Permission.MANAGE), this::delete);
    e.post(
        "experiments/restore", Rule.experiment("experiment_id", Permission.MANAGE), this::restore);
    e.post(
        "experiments/set-experiment-tag",
        Rule.experiment("experiment_id", Permission.EDIT),
        this::setTag);
    e.post(
        "experiments/delete-experiment-tag",
        Rule.experiment("experiment_id", Permission.EDIT),
        this::deleteTag);
  }

  private Object create(RequestFields in, Caller caller) {
    String name = in.requiredString("name");
    String location = in.string("artifact_location");
    List<Tag> tags = tags(in.messages("tags"));
    Experiment created =
        store.createExperiment(
            name, location == null || location.isEmpty() ? null : location, tags);
    caller.grantToCreator(Resource.experiment(created.experimentId()));
    return new CreateExperimentResponseJson(created.experimentId());
  }

  private Object get(RequestFields in, Caller caller) {
    return ExperimentResponseJson.of(store.getExperiment(in.requiredString("experiment_id")));
  }

  private Object getByName(RequestFields in, Caller caller) {
    String name = in.requiredString("experiment_name");
    Experiment found =
        store
            .findExperimentByName(name)
            .orElseThrow(
                () -> new NotFoundException("Could not find experiment with name '" + name + "'"));
    caller.requireExperiment(found.experimentId(), Permission.READ);
    return ExperimentResponseJson.of(found);
  }

  private Object search(RequestFields in, Caller caller) {
    Long max = in.int64("max_results");
    ExperimentQuery query =
        new ExperimentQuery(
            FilterParser.parse(in.string("filter"), SearchTarget.EXPERIMENTS),
            ViewType.parse(in.enumName("view_type")),
            max == null ? ExperimentQuery.DEFAULT_MAX_RESULTS : clampToInt(max),
            OrderByParser.parse(in.strings("order_by"), SearchTarget.EXPERIMENTS),
            emptyToNull(in.string("page_token")));
    return SearchExperimentsResponseJson.of(store.searchExperiments(query.readBy(caller.viewer())));
  }

  private Object update(RequestFields in, Caller caller) {
    String id = in.requiredString("experiment_id");
    store.renameExperiment(id, in.requiredString("new_name"));
    return Endpoints.EMPTY;
  }

  private Object delete(RequestFields in, Caller caller) {
    store.deleteExperiment(in.requiredString("experiment_id"));
    return Endpoints.EMPTY;
  }

  private Object restore(RequestFields in, Caller caller) {
    store.restoreExperiment(in.requiredString("experiment_id"));
    return Endpoints.EMPTY;
  }

  private Object setTag(RequestFields in, Caller caller) {
    String id = in.requiredString("experiment_id");
    Tag tag = new Tag(in.requiredString("key"), in.string("value", ""));
    store.setExperimentTag(id, tag);
    return Endpoints.EMPTY;
  }

  private Object deleteTag(RequestFields in, Caller caller) {
    String id = in.requiredString("experiment_id");
    store.deleteExperimentTag(id, in.requiredString("key"));
    return Endpoints.EMPTY;
  }

  /** {@code RunTag}/{@code ExperimentTag} lists: a key is required, the value defaults to "". */
  static List<Tag> tags(List<RequestFields> items) {
    return items.stream()
        .map(t -> new Tag(t.requiredString("key"), t.string("value", "")))
        .toList();
  }

  /** Out-of-range values still reach the query's own range check, with its message. */
  static int clampToInt(long value) {
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
  }

  static @org.jspecify.annotations.Nullable String emptyToNull(
      @org.jspecify.annotations.Nullable String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
