package io.galley.client.mlflow;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.galley.core.tracking.Experiment;
import io.galley.core.tracking.Page;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Response of {@code experiments/search}; {@code {}} when nothing matched. */
public record SearchExperimentsResponseJson(
    @JsonInclude(NON_EMPTY) List<ExperimentJson> experiments, @Nullable String nextPageToken) {
  /** Absent lists read as empty; empty lists are left out when written. */
  public SearchExperimentsResponseJson {
    experiments = WireJson.listOrEmpty(experiments);
  }

  public static SearchExperimentsResponseJson of(Page<Experiment> page) {
    return new SearchExperimentsResponseJson(
        page.items().stream().map(ExperimentJson::of).toList(), emptyToNull(page.nextPageToken()));
  }

  static @Nullable String emptyToNull(@Nullable String token) {
    return token == null || token.isEmpty() ? null : token;
  }
}
