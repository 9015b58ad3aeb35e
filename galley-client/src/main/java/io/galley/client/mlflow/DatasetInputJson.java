package io.galley.client.mlflow;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.galley.core.tracking.DatasetInput;
import java.util.List;

/** MLflow's {@code DatasetInput}: a dataset and the input's own tags. */
public record DatasetInputJson(@JsonInclude(NON_EMPTY) List<TagJson> tags, DatasetJson dataset) {
  /** Absent lists read as empty; empty lists are left out when written. */
  public DatasetInputJson {
    tags = WireJson.listOrEmpty(tags);
  }

  public static DatasetInputJson of(DatasetInput input) {
    return new DatasetInputJson(TagJson.listOf(input.tags()), DatasetJson.of(input.dataset()));
  }

  /** The core record this message carries. */
  public DatasetInput toDatasetInput() {
    return new DatasetInput(TagJson.toTags(tags), dataset.toDataset());
  }
}
