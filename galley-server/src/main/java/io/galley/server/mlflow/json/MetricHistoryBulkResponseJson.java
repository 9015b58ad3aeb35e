package io.galley.server.mlflow.json;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** Response of {@code metrics/get-history-bulk-interval}. */
public record MetricHistoryBulkResponseJson(@Nullable List<MetricWithRunIdJson> metrics) {
  public static MetricHistoryBulkResponseJson of(List<MetricWithRunIdJson> metrics) {
    return new MetricHistoryBulkResponseJson(WireJson.nullIfEmpty(metrics));
  }
}
