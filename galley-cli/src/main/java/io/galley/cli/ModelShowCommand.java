package io.galley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.client.GalleyClient;
import io.galley.core.tracking.DatasetInput;
import java.io.PrintWriter;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code galley models show MODEL}: one model version and its lineage — the run that made it, that
 * run's metrics, params, environment (which library versions) and dataset inputs.
 */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "Show a model version and the run, environment and data it came from.")
final class ModelShowCommand implements Callable<Integer> {
  private static final String MLFLOW = "mlflow.";

  @Mixin TrackingOptions tracking;

  @Parameters(
      paramLabel = "MODEL",
      description =
          "NAME (its latest version), NAME/VERSION, NAME@ALIAS or NAME/STAGE, with or without"
              + " models:/ in front.")
  String reference;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    var ref = ModelResolver.parse(reference);
    GalleyClient client = tracking.client();
    ModelLineage lineage = ModelLineage.of(client, ModelResolver.resolve(client, ref));
    PrintWriter out = spec.commandLine().getOut();
    if (tracking.format == TrackingOptions.OutputFormat.json) {
      out.println(lineage.toJson().toPrettyString());
    } else {
      print(out, lineage, client);
    }
    out.flush();
    return 0;
  }

  private static void print(PrintWriter out, ModelLineage lineage, GalleyClient client) {
    JsonNode v = lineage.version();
    TextTable version = new TextTable("MODEL VERSION", "VALUE");
    version.row("name", v.path("name").asText());
    version.row("version", v.path("version").asText());
    version.row("aliases", joined(v.path("aliases")));
    version.row("stage", v.path("current_stage").asText("-"));
    version.row("status", v.path("status").asText("-"));
    version.row("source", v.path("source").asText());
    version.row("created", Formats.time(v.path("creation_timestamp")));
    version.row("updated", Formats.time(v.path("last_updated_timestamp")));
    version.row("description", orDash(v.path("description").asText("")));
    version.print(out);
    RunShowCommand.section(out, "VERSION TAG", "VALUE", v.path("tags"), ModelShowCommand::text);
    ModelLineage.SourceRun source = lineage.source();
    if (source == null) {
      out.println();
      out.println(lineage.note());
      return;
    }
    JsonNode info = source.run().path("info");
    out.println();
    TextTable run = new TextTable("SOURCE RUN", "VALUE");
    run.row("run id", info.path("run_id").asText());
    run.row("name", info.path("run_name").asText());
    run.row(
        "experiment",
        source.experiment().path("name").asText()
            + " ("
            + info.path("experiment_id").asText()
            + ")");
    boolean deleted = "deleted".equals(info.path("lifecycle_stage").asText());
    run.row("status", info.path("status").asText() + (deleted ? " (run deleted)" : ""));
    run.row("user", orDash(info.path("user_id").asText("")));
    run.row("started", Formats.time(info.path("start_time")));
    run.row("ended", Formats.time(info.path("end_time")));
    run.print(out);
    metrics(out, source.metrics());
    RunShowCommand.section(
        out, "PARAM", "VALUE", source.run().path("data").path("params"), ModelShowCommand::text);
    environment(out, source, client);
    datasets(out, source.run().path("inputs").path("dataset_inputs"));
  }

  private static void metrics(PrintWriter out, List<JsonNode> metrics) {
    if (metrics.isEmpty()) {
      return;
    }
    out.println();
    TextTable table = new TextTable("METRIC", "LAST", "STEP", "MIN", "MAX");
    for (JsonNode m : metrics) {
      table.row(
          m.path("key").asText(),
          value(m.path("last")),
          m.path("last").path("step").asText("-"),
          value(m.path("min")),
          value(m.path("max")));
    }
    table.print(out);
  }

  private static String value(JsonNode point) {
    return point.isMissingNode() ? "-" : Formats.number(Formats.metricValue(point.path("value")));
  }

  /**
   * MLflow's source tags and Galley's environment capture, each key without its namespace; the
   * libraries, the answer to "which library versions did it use?", beside those of the experiment's
   * other runs.
   */
  private static void environment(
      PrintWriter out, ModelLineage.SourceRun source, GalleyClient client) {
    TextTable env = new TextTable("ENVIRONMENT", "VALUE");
    source
        .environment()
        .forEach(
            (key, value) -> {
              if (key.startsWith(LibraryComparison.LIBRARY_TAG)) {
                return;
              } else if (key.startsWith(ModelLineage.GALLEY_ENV)) {
                env.row(key.substring(ModelLineage.GALLEY_ENV.length()), value);
              } else {
                env.row(key.substring(MLFLOW.length()), value);
              }
            });
    if (!env.isEmpty()) {
      out.println();
      env.print(out);
    }
    LibraryComparison.ofRun(client, source.run()).print(out);
    if (!source.environmentCaptured()) {
      out.println();
      out.println("No environment captured: the run has no " + ModelLineage.GALLEY_ENV + "* tags.");
    }
  }

  private static void datasets(PrintWriter out, JsonNode inputs) {
    if (inputs.isEmpty()) {
      return;
    }
    out.println();
    // CONTENT: the sha256 of the data (SDK or stored file), shortened as docker shortens ids;
    // --format json has it whole.
    TextTable table =
        new TextTable("DATASET", "CONTEXT", "DIGEST", "CONTENT", "SOURCE TYPE", "SOURCE");
    for (JsonNode input : inputs) {
      JsonNode d = input.path("dataset");
      String context = "-";
      String content = "-";
      for (JsonNode t : input.path("tags")) {
        String key = t.path("key").asText();
        if ("mlflow.data.context".equals(key)) {
          context = t.path("value").asText();
        } else if (DatasetInput.CONTENT_DIGEST_TAG.equals(key)) {
          String digest = t.path("value").asText();
          content = digest.length() > SHORT_DIGEST ? digest.substring(0, SHORT_DIGEST) : digest;
        }
      }
      table.row(
          d.path("name").asText(),
          context,
          d.path("digest").asText(),
          content,
          d.path("source_type").asText(),
          d.path("source").asText());
    }
    table.print(out);
  }

  /** {@code sha256:} and 12 hex digits. */
  private static final int SHORT_DIGEST = 19;

  private static String text(JsonNode entry) {
    return entry.path("value").asText();
  }

  private static String orDash(String text) {
    return text.isEmpty() ? "-" : text;
  }

  private static String joined(JsonNode values) {
    StringJoiner j = new StringJoiner(", ");
    values.forEach(v -> j.add(v.asText()));
    return j.length() == 0 ? "-" : j.toString();
  }
}
