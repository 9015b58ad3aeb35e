package io.galley.server.mlflow;

import static io.galley.server.mlflow.ExperimentRoutes.tags;

import io.galley.client.mlflow.ModelVersionResponseJson;
import io.galley.client.mlflow.ModelVersionsResponseJson;
import io.galley.client.mlflow.RegisteredModelResponseJson;
import io.galley.client.mlflow.SearchRegisteredModelsResponseJson;
import io.galley.core.access.Permission;
import io.galley.core.access.Resource;
import io.galley.core.registry.ModelRegistry;
import io.galley.core.registry.ModelStage;
import io.galley.core.registry.RegisteredModel;
import io.galley.core.registry.RegistrySearch;
import io.galley.core.tracking.Tag;
import io.galley.server.access.Caller;
import java.util.List;

/**
 * {@code registered-models/*}: create, get, rename, update, delete, search, latest versions, tags
 * and aliases, with the HTTP methods of {@code model_registry.proto}.
 */
final class RegisteredModelRoutes {
  private final ModelRegistry registry;

  RegisteredModelRoutes(ModelRegistry registry) {
    this.registry = registry;
  }

  void mount(Endpoints e) {
    e.post("registered-models/create", Rule.SIGNED_IN, this::create);
    e.get("registered-models/get", Rule.model("name", Permission.READ), this::get);
    e.post("registered-models/rename", Rule.model("name", Permission.EDIT), this::rename);
    e.patch("registered-models/update", Rule.model("name", Permission.EDIT), this::update);
    e.delete("registered-models/delete", Rule.model("name", Permission.MANAGE), this::delete);
    e.get("registered-models/search", Rule.SIGNED_IN, this::search);
    // MLflow's Python client tries POST first, then GET; the Java client sends GET.
    e.post(
        "registered-models/get-latest-versions",
        Rule.model("name", Permission.READ),
        this::latestVersions);
    e.get(
        "registered-models/get-latest-versions",
        Rule.model("name", Permission.READ),
        this::latestVersions);
    e.post("registered-models/set-tag", Rule.model("name", Permission.EDIT), this::setTag);
    e.delete(
        "registered-models/delete-tag", Rule.model("name", Permission.MANAGE), this::deleteTag);
    e.post("registered-models/alias", Rule.model("name", Permission.EDIT), this::setAlias);
    e.delete("registered-models/alias", Rule.model("name", Permission.MANAGE), this::deleteAlias);
    e.get("registered-models/alias", Rule.model("name", Permission.READ), this::getByAlias);
  }

  private Object create(RequestFields in, Caller caller) {
    String name = in.requiredString("name");
    List<Tag> tags = tags(in.messages("tags"));
    String description = in.string("description");
    RegisteredModel created = registry.createRegisteredModel(name, tags, description);
    caller.grantToCreator(Resource.registeredModel(created.name()));
    return RegisteredModelResponseJson.of(created);
  }

  private Object get(RequestFields in, Caller caller) {
    return RegisteredModelResponseJson.of(registry.getRegisteredModel(in.requiredString("name")));
  }

  private Object rename(RequestFields in, Caller caller) {
    String name = in.requiredString("name");
    String newName = in.requiredString("new_name");
    return RegisteredModelResponseJson.of(registry.renameRegisteredModel(name, newName));
  }

  private Object update(RequestFields in, Caller caller) {
    String name = in.requiredString("name");
    String description = in.string("description");
    return RegisteredModelResponseJson.of(registry.updateRegisteredModel(name, description));
  }

  private Object delete(RequestFields in, Caller caller) {
    registry.deleteRegisteredModel(in.requiredString("name"));
    return Endpoints.EMPTY;
  }

  private Object search(RequestFields in, Caller caller) {
    RegistrySearch search = RegistryRequests.search(in, RegistrySearch.MODELS_DEFAULT_MAX_RESULTS);
    return SearchRegisteredModelsResponseJson.of(
        registry.searchRegisteredModels(search.readBy(caller.viewer())));
  }

  private Object latestVersions(RequestFields in, Caller caller) {
    String name = in.requiredString("name");
    List<ModelStage> stages = in.strings("stages").stream().map(ModelStage::parse).toList();
    return ModelVersionsResponseJson.of(registry.getLatestVersions(name, stages));
  }

  private Object setTag(RequestFields in, Caller caller) {
    String name = in.requiredString("name");
    Tag tag = new Tag(in.requiredString("key"), in.string("value", ""));
    registry.setRegisteredModelTag(name, tag);
    return Endpoints.EMPTY;
  }

  private Object deleteTag(RequestFields in, Caller caller) {
    String name = in.requiredString("name");
    registry.deleteRegisteredModelTag(name, in.requiredString("key"));
    return Endpoints.EMPTY;
  }

  private Object setAlias(RequestFields in, Caller caller) {
    String name = in.requiredString("name");
    String alias = in.requiredString("alias");
    registry.setAlias(name, alias, RegistryRequests.version(in));
    return Endpoints.EMPTY;
  }

  private Object deleteAlias(RequestFields in, Caller caller) {
    String name = in.requiredString("name");
    registry.deleteAlias(name, in.requiredString("alias"));
    return Endpoints.EMPTY;
  }

  private Object getByAlias(RequestFields in, Caller caller) {
    String name = in.requiredString("name");
    String alias = in.requiredString("alias");
    return ModelVersionResponseJson.of(registry.getVersionByAlias(name, alias));
  }
}
