package io.galley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.galley.client.GalleyClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code galley runs show RUN}: everything logged to one run; its libraries as they compare with
 * the experiment's other runs.
 */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show one run.")
final class RunShowCommand implements Callable<Integer> {
  @Mixin TrackingOptions tracking;

  @Parameters(paramLabel = "RUN", description = "Run id.")
  String runId;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    GalleyClient client = tracking.client();
    JsonNode run = ApiTrees.tree(client.getRun(runId));
    var out = spec.commandLine().getOut();
    if (tracking.format == TrackingOptions.OutputFormat.json) {
      out.println(run.toPrettyString());
      out.flush();
      return 0;
    }
    JsonNode info = run.path("info");
    TextTable about = new TextTable("FIELD", "VALUE");
    about.row("run id", info.path("run_id").asText());
    about.row("name", info.path("run_name").asText());
    about.row("experiment", info.path("experiment_id").asText());
    about.row("status", info.path("status").asText());
    about.row("user", info.path("user_id").asText());
    about.row("started", Formats.time(info.path("start_time")));
    about.row("ended", Formats.time(info.path("end_time")));
    about.row("stage", info.path("lifecycle_stage").asText());
    about.row("artifacts", info.path("artifact_uri").asText());
    about.print(out);
    JsonNode data = run.path("data");
    section(out, "PARAM", "VALUE", data.path("params"), p -> p.path("value").asText());
    section(
        out,
        "METRIC",
        "LAST VALUE",
        data.path("metrics"),
        m ->
            Formats.number(Formats.metricValue(m.path("value")))
                + "  (step "
                + m.path("step").asLong()
                + ")");
    ArrayNode tags = JsonNodeFactory.instance.arrayNode();
    data.path("tags")
        .forEach(
            t -> {
              if (!t.path("key").asText().startsWith(LibraryComparison.LIBRARY_TAG)) {
                tags.add(t);
              }
            });
    section(out, "TAG", "VALUE", tags, t -> t.path("value").asText());
    LibraryComparison.ofRun(client, run).print(out);
    return 0;
  }

  /** A blank line and a table of {@code entries}' keys and values; nothing when there are none. */
  static void section(
      PrintWriter out,
      String keyHeader,
      String valueHeader,
      JsonNode entries,
      Function<JsonNode, String> value) {
    if (entries.isEmpty()) {
      return;
    }
    out.println();
    TextTable table = new TextTable(keyHeader, valueHeader);
    for (JsonNode e : entries) {
      table.row(e.path("key").asText(), value.apply(e));
    }
    table.print(out);
  }
}
