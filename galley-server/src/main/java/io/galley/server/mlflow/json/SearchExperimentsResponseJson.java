package io.galley.server.mlflow.json;

import io.galley.core.tracking.Experiment;
import io.galley.core.tracking.Page;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Response of {@code experiments/search}; {@code {}} when nothing matched. */
public record SearchExperimentsResponseJson(
    @Nullable List<ExperimentJson> experiments, @Nullable String nextPageToken) {

  public static SearchExperimentsResponseJson of(Page<Experiment> page) {
    return new SearchExperimentsResponseJson(
        WireJson.nullIfEmpty(page.items().stream().map(ExperimentJson::of).toList()),
        emptyToNull(page.nextPageToken()));
  }

  static @Nullable String emptyToNull(@Nullable String token) {
    return token == null || token.isEmpty() ? null : token;
  }
}
