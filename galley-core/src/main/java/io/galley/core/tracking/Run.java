package io.galley.core.tracking;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A run with its attributes, logged data and dataset inputs. */
public record Run(RunInfo info, RunData data, List<DatasetInput> inputs) {
  public Run {
    requireNonNull(info, "info");
    requireNonNull(data, "data");
    inputs = List.copyOf(inputs);
  }
}
