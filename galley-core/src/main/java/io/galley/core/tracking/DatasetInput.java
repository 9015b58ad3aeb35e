package io.galley.core.tracking;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A dataset used by a run, with the input's own tags (e.g. {@code mlflow.data.context}). */
public record DatasetInput(List<Tag> tags, Dataset dataset) {
  public DatasetInput {
    tags = List.copyOf(tags);
    requireNonNull(dataset, "dataset");
  }
}
