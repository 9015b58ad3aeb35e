package io.galley.server.mlflow;

import static io.galley.server.mlflow.ExperimentRoutes.emptyToNull;
import static io.galley.server.mlflow.ExperimentRoutes.tags;

import io.galley.client.mlflow.DownloadUriResponseJson;
import io.galley.client.mlflow.ModelVersionResponseJson;
import io.galley.client.mlflow.ModelVersionsResponseJson;
import io.galley.core.GalleyException;
import io.galley.core.access.Permission;
import io.galley.core.registry.ModelReference;
import io.galley.core.registry.ModelRegistry;
import io.galley.core.registry.ModelSource;
import io.galley.core.registry.ModelStage;
import io.galley.core.registry.NewModelVersion;
import io.galley.core.registry.RegistrySearch;
import io.galley.core.registry.VersionFileHold;
import io.galley.core.tracking.Tag;
import io.galley.server.access.Caller;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code model-versions/*}: create, get, update, delete, search, download URI, tags and stage
 * transitions, with the HTTP methods of {@code model_registry.proto}.
 */
final class ModelVersionRoutes {
  private final ModelRegistry registry;
  private final ModelVersionSources sources;
  private final VersionFiles files;
  private final VersionFileHold versionFiles;

  ModelVersionRoutes(
      ModelRegistry registry,
      ModelVersionSources sources,
      VersionFiles files,
      VersionFileHold versionFiles) {
    this.registry = registry;
    this.versionFiles = versionFiles;
    this.sources = sources;
    this.files = files;
  }

  void mount(Endpoints e) {
    e.post("model-versions/create", Rule.model("name", Permission.EDIT), this::create);
    e.get("model-versions/get", Rule.model("name", Permission.READ), this::get);
    e.patch("model-versions/update", Rule.model("name", Permission.EDIT), this::update);
    e.delete("model-versions/delete", Rule.model("name", Permission.MANAGE), this::delete);
    e.get("model-versions/search", Rule.SIGNED_IN, this::search);
    e.get(
        "model-versions/get-download-uri", Rule.model("name", Permission.READ), this::downloadUri);
    e.post("model-versions/set-tag", Rule.model("name", Permission.EDIT), this::setTag);
    e.delete("model-versions/delete-tag", Rule.model("name", Permission.MANAGE), this::deleteTag);
    e.post(
        "model-versions/transition-stage",
        Rule.model("name", Permission.EDIT),
        this::transitionStage);
  }

  private Object create(RequestFields in, Caller caller) {
    String name = in.requiredString("name");
    String source = in.requiredString("source");
    String runId = emptyToNull(in.string("run_id"));
    List<Tag> tags = tags(in.messages("tags"));
    String runLink = emptyToNull(in.string("run_link"));
    String description = in.string("description");
    ModelVersionSources.check(source);
    ModelVersionSources.checkRun(source, runId);
    requireSourceReadable(caller, source, runId);
    NewModelVersion version =
        new NewModelVersion(name, source, runId, runLink, description, tags, null);
    return ModelVersionResponseJson.of(registry.createModelVersion(version, versionFiles));
  }

  /**
   * A version's files are its source's: registering one from a run or a version the caller may not
   * read would hand them what it holds.
   */
  private static void requireSourceReadable(Caller caller, String source, @Nullable String runId) {
    if (runId != null) {
      caller.requireRun(runId, Permission.READ);
    }
    ModelSource.parse(source).ifPresent(files -> caller.requireRun(files.runId(), Permission.READ));
    if (source.startsWith("models:/")) {
      ModelReference copied;
      try {
        copied = ModelReference.parse(source);
      } catch (GalleyException e) {
        return; // not a reference the registry resolves: it names nothing stored here
      }
      caller.requireModel(copied.name(), Permission.READ);
    }
  }

  private Object get(RequestFields in, Caller caller) {
    String name = in.requiredString("name");
    return ModelVersionResponseJson.of(
        registry.getModelVersion(name, RegistryRequests.version(in)));
  }

  private Object update(RequestFields in, Caller caller) {
    String name = in.requiredString("name");
    long version = RegistryRequests.version(in);
    String description = in.string("description");
    return ModelVersionResponseJson.of(registry.updateModelVersion(name, version, description));
  }

  private Object delete(RequestFields in, Caller caller) {
    String name = in.requiredString("name");
    registry.deleteModelVersion(name, RegistryRequests.version(in));
    return Endpoints.EMPTY;
  }

  private Object search(RequestFields in, Caller caller) {
    RegistrySearch search =
        RegistryRequests.search(in, RegistrySearch.VERSIONS_DEFAULT_MAX_RESULTS);
    return ModelVersionsResponseJson.of(
        registry.searchModelVersions(search.readBy(caller.viewer())));
  }

  private Object downloadUri(RequestFields in, Caller caller) {
    String name = in.requiredString("name");
    long version = RegistryRequests.version(in);
    String source = registry.getModelVersion(name, version).source();
    // A version that kept files is downloaded from them: exactly what was registered.
    if (files.hasFiles(name, version)) {
      return new DownloadUriResponseJson("mlflow-artifacts:/" + VersionFiles.root(name, version));
    }
    return new DownloadUriResponseJson(sources.downloadUri(source));
  }

  private Object setTag(RequestFields in, Caller caller) {
    String name = in.requiredString("name");
    long version = RegistryRequests.version(in);
    Tag tag = new Tag(in.requiredString("key"), in.string("value", ""));
    registry.setModelVersionTag(name, version, tag);
    return Endpoints.EMPTY;
  }

  private Object deleteTag(RequestFields in, Caller caller) {
    String name = in.requiredString("name");
    long version = RegistryRequests.version(in);
    registry.deleteModelVersionTag(name, version, in.requiredString("key"));
    return Endpoints.EMPTY;
  }

  private Object transitionStage(RequestFields in, Caller caller) {
    String name = in.requiredString("name");
    long version = RegistryRequests.version(in);
    ModelStage stage = ModelStage.parse(in.requiredString("stage"));
    Boolean archive = in.bool("archive_existing_versions");
    return ModelVersionResponseJson.of(
        registry.transitionStage(name, version, stage, archive != null && archive));
  }
}
