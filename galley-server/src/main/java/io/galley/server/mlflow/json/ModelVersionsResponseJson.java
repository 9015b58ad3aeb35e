package io.galley.server.mlflow.json;

import io.galley.core.registry.ModelVersion;
import io.galley.core.tracking.Page;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The response of {@code model-versions/search} and of {@code
 * registered-models/get-latest-versions} (which has no page token): {@code {"model_versions":
 * [...], "next_page_token": "..."}}, {@code {}} when nothing matched.
 */
public record ModelVersionsResponseJson(
    @Nullable List<ModelVersionJson> modelVersions, @Nullable String nextPageToken) {

  public static ModelVersionsResponseJson of(Page<ModelVersion> page) {
    return new ModelVersionsResponseJson(
        ModelVersionJson.listOf(page.items()),
        SearchExperimentsResponseJson.emptyToNull(page.nextPageToken()));
  }

  public static ModelVersionsResponseJson of(List<ModelVersion> versions) {
    return new ModelVersionsResponseJson(ModelVersionJson.listOf(versions), null);
  }
}
