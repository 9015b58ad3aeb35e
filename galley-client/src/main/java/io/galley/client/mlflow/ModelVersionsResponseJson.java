package io.galley.client.mlflow;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY;

import com.fasterxml.jackson.annotation.JsonInclude;
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
    @JsonInclude(NON_EMPTY) List<ModelVersionJson> modelVersions, @Nullable String nextPageToken) {
  /** Absent lists read as empty; empty lists are left out when written. */
  public ModelVersionsResponseJson {
    modelVersions = WireJson.listOrEmpty(modelVersions);
  }

  public static ModelVersionsResponseJson of(Page<ModelVersion> page) {
    return new ModelVersionsResponseJson(
        ModelVersionJson.listOf(page.items()),
        SearchExperimentsResponseJson.emptyToNull(page.nextPageToken()));
  }

  public static ModelVersionsResponseJson of(List<ModelVersion> versions) {
    return new ModelVersionsResponseJson(ModelVersionJson.listOf(versions), null);
  }
}
