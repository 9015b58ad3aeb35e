package io.galley.store.tracking.internal;

import io.galley.core.tracking.Dataset;
import io.galley.core.tracking.DatasetInput;
import io.galley.core.tracking.Tag;
import io.galley.store.jdbc.internal.Rows;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * MLflow's log-inputs: a dataset is stored once per experiment (by name and digest) and linked to
 * each run that used it, with the input's tags. Linking a dataset to a run twice keeps the first
 * link and its tags, as MLflow does.
 */
final class InputWriter {
  private InputWriter() {}

  static void write(Handle h, long experimentId, String runId, List<DatasetInput> inputs) {
    Map<List<String>, DatasetInput> unique = new LinkedHashMap<>();
    for (DatasetInput input : inputs) {
      unique.putIfAbsent(List.of(input.dataset().name(), input.dataset().digest()), input);
    }
    for (DatasetInput input : unique.values()) {
      String datasetId = findOrCreateDataset(h, experimentId, input.dataset());
      boolean linked =
          h.createQuery("SELECT 1 FROM run_inputs WHERE run_uuid = ? AND dataset_uuid = ?")
              .bind(0, runId)
              .bind(1, datasetId)
              .mapTo(Integer.class)
              .findOne()
              .isPresent();
      if (linked) {
        continue;
      }
      String inputId = UUID.randomUUID().toString();
      h.execute(
          "INSERT INTO run_inputs (input_uuid, run_uuid, dataset_uuid) VALUES (?, ?, ?)",
          inputId,
          runId,
          datasetId);
      for (Tag t : Rows.lastWins(input.tags(), Tag::key).values()) {
        h.execute(
            "INSERT INTO input_tags (input_uuid, tag_key, tag_value) VALUES (?, ?, ?)",
            inputId,
            t.key(),
            t.value());
      }
    }
  }

  private static String findOrCreateDataset(Handle h, long experimentId, Dataset d) {
    Optional<String> existing =
        h.createQuery(
                "SELECT dataset_uuid FROM datasets WHERE experiment_id = ? AND name = ? AND digest = ?")
            .bind(0, experimentId)
            .bind(1, d.name())
            .bind(2, d.digest())
            .mapTo(String.class)
            .findOne();
    if (existing.isPresent()) {
      return existing.get();
    }
    String id = UUID.randomUUID().toString();
    h.execute(
        "INSERT INTO datasets (dataset_uuid, experiment_id, name, digest, source_type, source,"
            + " dataset_schema, dataset_profile) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        id,
        experimentId,
        d.name(),
        d.digest(),
        d.sourceType(),
        d.source(),
        d.schema(),
        d.profile());
    return id;
  }
}
