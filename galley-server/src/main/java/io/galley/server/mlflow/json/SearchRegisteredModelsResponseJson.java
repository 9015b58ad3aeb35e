package io.galley.server.mlflow.json;

import io.galley.core.registry.RegisteredModel;
import io.galley.core.tracking.Page;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Response of {@code registered-models/search}; {@code {}} when nothing matched. */
public record SearchRegisteredModelsResponseJson(
    @Nullable List<RegisteredModelJson> registeredModels, @Nullable String nextPageToken) {

  public static SearchRegisteredModelsResponseJson of(Page<RegisteredModel> page) {
    return new SearchRegisteredModelsResponseJson(
        WireJson.nullIfEmpty(page.items().stream().map(RegisteredModelJson::of).toList()),
        SearchExperimentsResponseJson.emptyToNull(page.nextPageToken()));
  }
}
