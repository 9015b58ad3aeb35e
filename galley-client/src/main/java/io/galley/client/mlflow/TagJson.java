package io.galley.client.mlflow;

import io.galley.core.tracking.Tag;
import java.util.List;

/** {@code RunTag}, {@code ExperimentTag} and {@code InputTag}: all a key and a value. */
public record TagJson(String key, String value) {
  public static TagJson of(Tag tag) {
    return new TagJson(tag.key(), tag.value());
  }

  static List<TagJson> listOf(List<Tag> tags) {
    return tags.stream().map(TagJson::of).toList();
  }

  /** The core record this message carries. */
  public Tag toTag() {
    return new Tag(key, value);
  }

  static List<Tag> toTags(List<TagJson> tags) {
    return tags.stream().map(TagJson::toTag).toList();
  }
}
