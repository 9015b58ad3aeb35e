package io.galley.server.mlflow.json;

import io.galley.core.tracking.Tag;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code RunTag}, {@code ExperimentTag} and {@code InputTag}: all a key and a value. */
public record TagJson(String key, String value) {
  public static TagJson of(Tag tag) {
    return new TagJson(tag.key(), tag.value());
  }

  static @Nullable List<TagJson> listOf(List<Tag> tags) {
    return WireJson.nullIfEmpty(tags.stream().map(TagJson::of).toList());
  }
}
