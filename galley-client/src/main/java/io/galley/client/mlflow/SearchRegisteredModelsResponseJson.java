package io.galley.client.mlflow;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.galley.core.registry.RegisteredModel;
import io.galley.core.tracking.Page;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Response of {@code registered-models/search}; {@code {}} when nothing matched. */
public record SearchRegisteredModelsResponseJson(
    @JsonInclude(NON_EMPTY) List<RegisteredModelJson> registeredModels,
    @Nullable String nextPageToken) {
  /** Absent lists read as empty; empty lists are left out when written. */
  public SearchRegisteredModelsResponseJson {
    registeredModels = WireJson.listOrEmpty(registeredModels);
  }

  public static SearchRegisteredModelsResponseJson of(Page<RegisteredModel> page) {
    return new SearchRegisteredModelsResponseJson(
        page.items().stream().map(RegisteredModelJson::of).toList(),
        SearchExperimentsResponseJson.emptyToNull(page.nextPageToken()));
  }
}
