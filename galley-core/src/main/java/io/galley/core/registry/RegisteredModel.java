package io.galley.core.registry;

import static java.util.Objects.requireNonNull;

import io.galley.core.tracking.Tag;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A named model. {@code latestVersions} holds, for each stage that has one, the highest-numbered
 * version in that stage, as MLflow's {@code latest_versions} does.
 */
public record RegisteredModel(
    String name,
    long creationTimestamp,
    long lastUpdatedTimestamp,
    @Nullable String description,
    List<ModelVersion> latestVersions,
    List<Tag> tags,
    List<ModelAlias> aliases) {

  public RegisteredModel {
    requireNonNull(name, "name");
    latestVersions = List.copyOf(latestVersions);
    tags = List.copyOf(tags);
    aliases = List.copyOf(aliases);
  }
}
