package io.galley.core.tracking;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A dataset used by a run, with the input's own tags (e.g. {@code mlflow.data.context}). */
public record DatasetInput(List<Tag> tags, Dataset dataset) {
  /**
   * The input tag that holds the dataset's content digest ({@code sha256:<hex>}) when its source is
   * a file Galley stores. MLflow's own {@code digest} stays as the client computed it: it is the
   * dataset's identity within an experiment and MLflow limits it to 36 characters, too short for a
   * sha256.
   */
  public static final String CONTENT_DIGEST_TAG = "galley.dataset.content_digest";

  public DatasetInput {
    tags = List.copyOf(tags);
    requireNonNull(dataset, "dataset");
  }
}
