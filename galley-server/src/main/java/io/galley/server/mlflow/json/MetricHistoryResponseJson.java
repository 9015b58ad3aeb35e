package io.galley.server.mlflow.json;

import io.galley.core.tracking.Metric;
import io.galley.core.tracking.Page;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Response of {@code metrics/get-history}. */
public record MetricHistoryResponseJson(
    @Nullable List<MetricJson> metrics, @Nullable String nextPageToken) {

  public static MetricHistoryResponseJson of(Page<Metric> page) {
    return new MetricHistoryResponseJson(
        WireJson.nullIfEmpty(page.items().stream().map(MetricJson::of).toList()),
        SearchExperimentsResponseJson.emptyToNull(page.nextPageToken()));
  }
}
