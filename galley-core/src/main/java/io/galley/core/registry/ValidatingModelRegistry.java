package io.galley.core.registry;

import static java.util.Objects.requireNonNull;

import io.galley.core.artifact.Artifact;
import io.galley.core.artifact.ArtifactPath;
import io.galley.core.blob.Digest;
import io.galley.core.tracking.Page;
import io.galley.core.tracking.Tag;
import io.galley.core.tracking.TrackingLimits;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * {@link RegistryLimits} in front of any {@link ModelRegistry}: names, aliases, tags and
 * descriptions are checked here before an adapter sees them, so a second adapter cannot forget a
 * rule. Adapters keep only the checks of what they parse themselves (search filters, page sizes).
 */
public final class ValidatingModelRegistry implements ModelRegistry {
  private final ModelRegistry registry;

  private ValidatingModelRegistry(ModelRegistry registry) {
    this.registry = requireNonNull(registry, "registry");
  }

  /** {@code registry} behind the limits; one already behind them is returned as it is. */
  public static ModelRegistry of(ModelRegistry registry) {
    return registry instanceof ValidatingModelRegistry
        ? registry
        : new ValidatingModelRegistry(registry);
  }

  @Override
  public RegisteredModel createRegisteredModel(
      String name, List<Tag> tags, @Nullable String description) {
    RegistryLimits.validateModelName(name);
    tags.forEach(RegistryLimits::validateRegisteredModelTag);
    RegistryLimits.validateDescription(description);
    return registry.createRegisteredModel(name, tags, description);
  }

  @Override
  public RegisteredModel getRegisteredModel(String name) {
    RegistryLimits.validateModelName(name);
    return registry.getRegisteredModel(name);
  }

  @Override
  public RegisteredModel renameRegisteredModel(String name, String newName) {
    RegistryLimits.validateModelName(name);
    RegistryLimits.validateModelName(newName);
    return registry.renameRegisteredModel(name, newName);
  }

  @Override
  public RegisteredModel updateRegisteredModel(String name, @Nullable String description) {
    RegistryLimits.validateModelName(name);
    RegistryLimits.validateDescription(description);
    return registry.updateRegisteredModel(name, description);
  }

  @Override
  public void deleteRegisteredModel(String name) {
    RegistryLimits.validateModelName(name);
    registry.deleteRegisteredModel(name);
  }

  @Override
  public Page<RegisteredModel> searchRegisteredModels(RegistrySearch search) {
    return registry.searchRegisteredModels(requireNonNull(search, "search"));
  }

  @Override
  public List<ModelVersion> getLatestVersions(String name, List<ModelStage> stages) {
    RegistryLimits.validateModelName(name);
    return registry.getLatestVersions(name, stages);
  }

  @Override
  public void setRegisteredModelTag(String name, Tag tag) {
    RegistryLimits.validateModelName(name);
    RegistryLimits.validateRegisteredModelTag(tag);
    registry.setRegisteredModelTag(name, tag);
  }

  @Override
  public void deleteRegisteredModelTag(String name, String key) {
    RegistryLimits.validateModelName(name);
    TrackingLimits.validateTagName(key);
    registry.deleteRegisteredModelTag(name, key);
  }

  @Override
  public void setAlias(String name, String alias, long version) {
    RegistryLimits.validateModelName(name);
    RegistryLimits.validateAlias(alias);
    registry.setAlias(name, alias, version);
  }

  @Override
  public void deleteAlias(String name, String alias) {
    RegistryLimits.validateModelName(name);
    RegistryLimits.validateAlias(alias);
    registry.deleteAlias(name, alias);
  }

  @Override
  public ModelVersion getVersionByAlias(String name, String alias) {
    RegistryLimits.validateModelName(name);
    RegistryLimits.validateAlias(alias);
    return registry.getVersionByAlias(name, alias);
  }

  @Override
  public ModelVersion createModelVersion(NewModelVersion version, VersionFileHold files) {
    requireNonNull(version, "version");
    requireNonNull(files, "files");
    RegistryLimits.validateModelName(version.name());
    version.tags().forEach(RegistryLimits::validateModelVersionTag);
    // A new version with n tags is refused as its n-th tag would be on an existing one.
    if (!version.tags().isEmpty()) {
      RegistryLimits.validateVersionTagCount(version.tags().size() - 1L);
    }
    RegistryLimits.validateNewVersion(version);
    return registry.createModelVersion(version, files);
  }

  @Override
  public ModelVersion getModelVersion(String name, long version) {
    RegistryLimits.validateModelName(name);
    return registry.getModelVersion(name, version);
  }

  @Override
  public ModelVersion updateModelVersion(String name, long version, @Nullable String description) {
    RegistryLimits.validateModelName(name);
    RegistryLimits.validateDescription(description);
    return registry.updateModelVersion(name, version, description);
  }

  @Override
  public void deleteModelVersion(String name, long version) {
    RegistryLimits.validateModelName(name);
    registry.deleteModelVersion(name, version);
  }

  @Override
  public Page<ModelVersion> searchModelVersions(RegistrySearch search) {
    return registry.searchModelVersions(requireNonNull(search, "search"));
  }

  @Override
  public ModelVersion transitionStage(
      String name, long version, ModelStage stage, boolean archiveExisting) {
    RegistryLimits.validateModelName(name);
    return registry.transitionStage(name, version, requireNonNull(stage, "stage"), archiveExisting);
  }

  @Override
  public void setModelVersionTag(String name, long version, Tag tag) {
    RegistryLimits.validateModelName(name);
    RegistryLimits.validateModelVersionTag(tag);
    registry.setModelVersionTag(name, version, tag);
  }

  @Override
  public void deleteModelVersionTag(String name, long version, String key) {
    RegistryLimits.validateModelName(name);
    TrackingLimits.validateTagName(key);
    registry.deleteModelVersionTag(name, version, key);
  }

  @Override
  public List<Artifact> versionFiles(String name, long version) {
    RegistryLimits.validateModelName(name);
    return registry.versionFiles(name, version);
  }

  @Override
  public Optional<Artifact> findVersionFile(String name, long version, ArtifactPath path) {
    RegistryLimits.validateModelName(name);
    return registry.findVersionFile(name, version, requireNonNull(path, "path"));
  }

  @Override
  public void forEachReferencedDigest(Consumer<Digest> action) {
    registry.forEachReferencedDigest(requireNonNull(action, "action"));
  }
}
