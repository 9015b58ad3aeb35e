package io.galley.server.mlflow;

import static io.galley.server.mlflow.ExperimentRoutes.tags;

import io.galley.client.mlflow.ModelVersionResponseJson;
import io.galley.client.mlflow.ModelVersionsResponseJson;
import io.galley.client.mlflow.RegisteredModelResponseJson;
import io.galley.client.mlflow.SearchRegisteredModelsResponseJson;
import io.galley.core.registry.ModelRegistry;
import io.galley.core.registry.ModelStage;
import io.galley.core.registry.RegistrySearch;
import io.galley.core.tracking.Tag;
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
    e.post("registered-models/create", this::create);
    e.get("registered-models/get", this::get);
    e.post("registered-models/rename", this::rename);
    e.patch("registered-models/update", this::update);
    e.delete("registered-models/delete", this::delete);
    e.get("registered-models/search", this::search);
    // MLflow's Python client tries POST first, then GET; the Java client sends GET.
    e.post("registered-models/get-latest-versions", this::latestVersions);
    e.get("registered-models/get-latest-versions", this::latestVersions);
    e.post("registered-models/set-tag", this::setTag);
    e.delete("registered-models/delete-tag", this::deleteTag);
    e.post("registered-models/alias", this::setAlias);
    e.delete("registered-models/alias", this::deleteAlias);
    e.get("registered-models/alias", this::getByAlias);
  }

  private Object create(RequestFields in) {
    String name = in.requiredString("name");
    List<Tag> tags = tags(in.messages("tags"));
    String description = in.string("description");
    return RegisteredModelResponseJson.of(registry.createRegisteredModel(name, tags, description));
  }

  private Object get(RequestFields in) {
    return RegisteredModelResponseJson.of(registry.getRegisteredModel(in.requiredString("name")));
  }

  private Object rename(RequestFields in) {
    String name = in.requiredString("name");
    String newName = in.requiredString("new_name");
    return RegisteredModelResponseJson.of(registry.renameRegisteredModel(name, newName));
  }

  private Object update(RequestFields in) {
    String name = in.requiredString("name");
    String description = in.string("description");
    return RegisteredModelResponseJson.of(registry.updateRegisteredModel(name, description));
  }

  private Object delete(RequestFields in) {
    registry.deleteRegisteredModel(in.requiredString("name"));
    return Endpoints.EMPTY;
  }

  private Object search(RequestFields in) {
    RegistrySearch search = RegistryRequests.search(in, RegistrySearch.MODELS_DEFAULT_MAX_RESULTS);
    return SearchRegisteredModelsResponseJson.of(registry.searchRegisteredModels(search));
  }

  private Object latestVersions(RequestFields in) {
    String name = in.requiredString("name");
    List<ModelStage> stages = in.strings("stages").stream().map(ModelStage::parse).toList();
    return ModelVersionsResponseJson.of(registry.getLatestVersions(name, stages));
  }

  private Object setTag(RequestFields in) {
    String name = in.requiredString("name");
    Tag tag = new Tag(in.requiredString("key"), in.string("value", ""));
    registry.setRegisteredModelTag(name, tag);
    return Endpoints.EMPTY;
  }

  private Object deleteTag(RequestFields in) {
    String name = in.requiredString("name");
    registry.deleteRegisteredModelTag(name, in.requiredString("key"));
    return Endpoints.EMPTY;
  }

  private Object setAlias(RequestFields in) {
    String name = in.requiredString("name");
    String alias = in.requiredString("alias");
    registry.setAlias(name, alias, RegistryRequests.version(in));
    return Endpoints.EMPTY;
  }

  private Object deleteAlias(RequestFields in) {
    String name = in.requiredString("name");
    registry.deleteAlias(name, in.requiredString("alias"));
    return Endpoints.EMPTY;
  }

  private Object getByAlias(RequestFields in) {
    String name = in.requiredString("name");
    String alias = in.requiredString("alias");
    return ModelVersionResponseJson.of(registry.getVersionByAlias(name, alias));
  }
}
