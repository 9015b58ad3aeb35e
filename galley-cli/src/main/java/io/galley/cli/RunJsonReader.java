package io.galley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.core.tracking.Dataset;
import io.galley.core.tracking.DatasetInput;
import io.galley.core.tracking.LifecycleStage;
import io.galley.core.tracking.Metric;
import io.galley.core.tracking.Param;
import io.galley.core.tracking.Run;
import io.galley.core.tracking.RunData;
import io.galley.core.tracking.RunInfo;
import io.galley.core.tracking.RunStatus;
import io.galley.core.tracking.Tag;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * MLflow's {@code Run} JSON (as {@code runs/get} answers) as Galley's {@link Run} record, so that
 * comparisons run on the domain's types, not on wire JSON. Empty lists may be absent, as MLflow's
 * server leaves them out.
 */
final class RunJsonReader {
  private RunJsonReader() {}

  static Run read(JsonNode run) {
    JsonNode info = run.path("info");
    JsonNode data = run.path("data");
    List<Metric> metrics = new ArrayList<>();
    for (JsonNode m : data.path("metrics")) {
      metrics.add(
          new Metric(
              m.path("key").asText(),
              Formats.metricValue(m.path("value")),
              m.path("timestamp").asLong(),
              m.path("step").asLong()));
    }
    List<Param> params = new ArrayList<>();
    data.path("params").forEach(p -> params.add(new Param(key(p), value(p))));
    List<DatasetInput> inputs = new ArrayList<>();
    for (JsonNode input : run.path("inputs").path("dataset_inputs")) {
      JsonNode d = input.path("dataset");
      inputs.add(
          new DatasetInput(
              tags(input.path("tags")),
              new Dataset(
                  d.path("name").asText(),
                  d.path("digest").asText(),
                  d.path("source_type").asText(),
                  d.path("source").asText(),
                  text(d, "schema"),
                  text(d, "profile"))));
    }
    return new Run(
        new RunInfo(
            info.path("run_id").asText(info.path("run_uuid").asText()),
            info.path("experiment_id").asText(),
            info.path("run_name").asText(),
            info.path("user_id").asText(),
            RunStatus.parse(info.path("status").asText("RUNNING")),
            info.path("start_time").asLong(),
            info.hasNonNull("end_time") ? info.path("end_time").asLong() : null,
            info.path("artifact_uri").asText(),
            LifecycleStage.fromWire(info.path("lifecycle_stage").asText("active"))),
        new RunData(metrics, params, tags(data.path("tags"))),
        inputs);
  }

  private static List<Tag> tags(JsonNode tags) {
    List<Tag> out = new ArrayList<>();
    tags.forEach(t -> out.add(new Tag(key(t), value(t))));
    return out;
  }

  private static String key(JsonNode entry) {
    return entry.path("key").asText();
  }

  private static String value(JsonNode entry) {
    return entry.path("value").asText();
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
