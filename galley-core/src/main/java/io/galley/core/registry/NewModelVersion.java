package io.galley.core.registry;

import static java.util.Objects.requireNonNull;

import io.galley.core.tracking.Tag;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@code model-versions/create} request. When {@code source} names a run's artifacts ({@link
 * ModelSource}), the store records the digests of the files under it with the version.
 */
public record NewModelVersion(
    String name,
    String source,
    @Nullable String runId,
    @Nullable String runLink,
    @Nullable String description,
    List<Tag> tags,
    @Nullable String userId) {

  public NewModelVersion {
    requireNonNull(name, "name");
    requireNonNull(source, "source");
    tags = List.copyOf(tags);
  }
}
