package io.galley.core.registry;

import io.galley.core.artifact.Artifact;
import io.galley.core.artifact.ArtifactPath;
import io.galley.core.blob.Digest;
import io.galley.core.tracking.Page;
import io.galley.core.tracking.Tag;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The port to the model registry in the metadata store. Every method validates its input as
 * MLflow's registry does (names, versions, aliases, tags) and is atomic. Unknown models and
 * versions throw {@link io.galley.core.NotFoundException}; an unknown alias throws {@link
 * io.galley.core.InvalidRequestException}, as MLflow answers.
 */
public interface ModelRegistry {

  RegisteredModel createRegisteredModel(String name, List<Tag> tags, @Nullable String description);

  RegisteredModel getRegisteredModel(String name);

  /** Renames the model; its versions follow. */
  RegisteredModel renameRegisteredModel(String name, String newName);

  RegisteredModel updateRegisteredModel(String name, @Nullable String description);

  /** Deletes the model with its versions, tags and aliases. */
  void deleteRegisteredModel(String name);

  Page<RegisteredModel> searchRegisteredModels(RegistrySearch search);

  /**
   * For each of {@code stages} (every stage when empty), the highest-numbered version in it, in
   * stage order.
   */
  List<ModelVersion> getLatestVersions(String name, List<ModelStage> stages);

  void setRegisteredModelTag(String name, Tag tag);

  void deleteRegisteredModelTag(String name, String key);

  /** Points {@code alias} at {@code version}, moving it if it pointed elsewhere. */
  void setAlias(String name, String alias, long version);

  void deleteAlias(String name, String alias);

  ModelVersion getVersionByAlias(String name, String alias);

  /**
   * Creates the model's next version (one more than the highest ever created, even if that one was
   * deleted). When the source names a run's files ({@link ModelSource}) the run must exist and the
   * version keeps those files' paths and digests; see {@link #versionFiles}. A {@code models:/}
   * source ({@link ModelReference}, as MLflow's {@code copy_model_version} sends) must name an
   * existing version, whose files the new version keeps too. {@code runId}, when empty, is the run
   * the source names.
   */
  default ModelVersion createModelVersion(NewModelVersion version) {
    return createModelVersion(version, VersionFileHold.NONE);
  }

  /**
   * As {@link #createModelVersion(NewModelVersion)}, with {@code files} holding the blobs the new
   * version names from when they are read until the version is committed.
   */
  ModelVersion createModelVersion(NewModelVersion version, VersionFileHold files);

  ModelVersion getModelVersion(String name, long version);

  ModelVersion updateModelVersion(String name, long version, @Nullable String description);

  /** Deletes the version and every alias pointing at it. */
  void deleteModelVersion(String name, long version);

  Page<ModelVersion> searchModelVersions(RegistrySearch search);

  /**
   * Moves the version to {@code stage}; with {@code archiveExisting}, the model's other versions in
   * that stage move to {@code Archived} in the same transaction. As in MLflow, {@code
   * archiveExisting} is refused (INVALID_PARAMETER_VALUE) unless {@code stage} is {@code Staging}
   * or {@code Production}.
   */
  ModelVersion transitionStage(
      String name, long version, ModelStage stage, boolean archiveExisting);

  void setModelVersionTag(String name, long version, Tag tag);

  void deleteModelVersionTag(String name, long version, String key);

  /**
   * The files the version was registered with, paths relative to its source, sorted by path; empty
   * when its source names no run files.
   */
  List<Artifact> versionFiles(String name, long version);

  /**
   * One file the version was registered with, by its path relative to the source; empty when the
   * version kept no file there. Throws {@link io.galley.core.NotFoundException} for an unknown
   * model or version.
   */
  Optional<Artifact> findVersionFile(String name, long version, ArtifactPath path);

  /** Each digest some model version keeps (for garbage collection). */
  void forEachReferencedDigest(Consumer<Digest> action);
}
