package io.galley.core.tracking;

import java.util.List;

/** What was logged to a run: the latest point of each metric, its params and its tags. */
public record RunData(List<Metric> metrics, List<Param> params, List<Tag> tags) {
  public RunData {
    metrics = List.copyOf(metrics);
    params = List.copyOf(params);
    tags = List.copyOf(tags);
  }
}
