package io.galley.core.registry;

import static java.util.Objects.requireNonNull;

import io.galley.core.tracking.Tag;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One numbered version of a registered model. {@code version} counts from 1 per model and is never
 * reused; {@code aliases} are the model's aliases that point here, sorted.
 */
public record ModelVersion(
    String name,
    long version,
    long creationTimestamp,
    long lastUpdatedTimestamp,
    @Nullable String userId,
    ModelStage currentStage,
    @Nullable String description,
    String source,
    @Nullable String runId,
    @Nullable String runLink,
    ModelVersionStatus status,
    @Nullable String statusMessage,
    List<Tag> tags,
    List<String> aliases) {

  public ModelVersion {
    requireNonNull(name, "name");
    requireNonNull(currentStage, "currentStage");
    requireNonNull(source, "source");
    requireNonNull(status, "status");
    tags = List.copyOf(tags);
    aliases = List.copyOf(aliases);
  }
}
