package io.galley.client.mlflow;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Response of {@code metrics/get-history-bulk-interval}. */
public record MetricHistoryBulkResponseJson(
    @JsonInclude(NON_EMPTY) List<MetricWithRunIdJson> metrics) {
  /** Absent lists read as empty; empty lists are left out when written. */
  public MetricHistoryBulkResponseJson {
    metrics = WireJson.listOrEmpty(metrics);
  }

  public static MetricHistoryBulkResponseJson of(List<MetricWithRunIdJson> metrics) {
    return new MetricHistoryBulkResponseJson(metrics);
  }
}
