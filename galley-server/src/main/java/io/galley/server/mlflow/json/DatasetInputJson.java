package io.galley.server.mlflow.json;

import io.galley.core.tracking.DatasetInput;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** MLflow's {@code DatasetInput}: a dataset and the input's own tags. */
public record DatasetInputJson(@Nullable List<TagJson> tags, DatasetJson dataset) {
  public static DatasetInputJson of(DatasetInput input) {
    return new DatasetInputJson(TagJson.listOf(input.tags()), DatasetJson.of(input.dataset()));
  }
}
