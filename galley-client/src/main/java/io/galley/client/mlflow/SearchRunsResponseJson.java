package io.galley.client.mlflow;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.galley.core.tracking.Page;
import io.galley.core.tracking.Run;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Response of {@code runs/search}; {@code {}} when nothing matched. */
public record SearchRunsResponseJson(
    @JsonInclude(NON_EMPTY) List<RunJson> runs, @Nullable String nextPageToken) {
  /** Absent lists read as empty; empty lists are left out when written. */
  public SearchRunsResponseJson {
    runs = WireJson.listOrEmpty(runs);
  }

  public static SearchRunsResponseJson of(Page<Run> page) {
    return new SearchRunsResponseJson(
        page.items().stream().map(RunJson::of).toList(),
        SearchExperimentsResponseJson.emptyToNull(page.nextPageToken()));
  }
}
