package io.galley.server.mlflow.json;

import io.galley.core.tracking.Page;
import io.galley.core.tracking.Run;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Response of {@code runs/search}; {@code {}} when nothing matched. */
public record SearchRunsResponseJson(@Nullable List<RunJson> runs, @Nullable String nextPageToken) {
  public static SearchRunsResponseJson of(Page<Run> page) {
    return new SearchRunsResponseJson(
        WireJson.nullIfEmpty(page.items().stream().map(RunJson::of).toList()),
        SearchExperimentsResponseJson.emptyToNull(page.nextPageToken()));
  }
}
