package io.galley.client.mlflow;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.galley.core.tracking.Metric;
import io.galley.core.tracking.Page;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Response of {@code metrics/get-history}. */
public record MetricHistoryResponseJson(
    @JsonInclude(NON_EMPTY) List<MetricJson> metrics, @Nullable String nextPageToken) {
  /** Absent lists read as empty; empty lists are left out when written. */
  public MetricHistoryResponseJson {
    metrics = WireJson.listOrEmpty(metrics);
  }

  public static MetricHistoryResponseJson of(Page<Metric> page) {
    return new MetricHistoryResponseJson(
        page.items().stream().map(MetricJson::of).toList(),
        SearchExperimentsResponseJson.emptyToNull(page.nextPageToken()));
  }
}
