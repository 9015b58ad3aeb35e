package io.galley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.client.GalleyClient;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code galley runs ls --experiment NAME}: an experiment's runs, newest first by default. */
@Command(name = "ls", mixinStandardHelpOptions = true, description = "List an experiment's runs.")
final class RunsListCommand implements Callable<Integer> {
  @Mixin TrackingOptions tracking;

  @Mixin ExperimentOption experiment;

  @Option(
      names = "--filter",
      defaultValue = "",
      description = "MLflow filter, e.g. \"metrics.acc > 0.9\".")
  String filter = "";

  @Option(
      names = "--order-by",
      description = "MLflow order_by clause, repeatable, e.g. \"metrics.acc DESC\".")
  List<String> orderBy = List.of();

  @Option(
      names = {"-n", "--max-results"},
      defaultValue = "100",
      description = "At most this many runs (default ${DEFAULT-VALUE}).")
  int maxResults = 100;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    GalleyClient client = tracking.client();
    String experimentId = experiment.id(client);
    JsonNode runs =
        ApiTrees.tree(client.searchRuns(List.of(experimentId), filter, orderBy, maxResults, null))
            .path("runs");
    var out = spec.commandLine().getOut();
    if (tracking.format == TrackingOptions.OutputFormat.json) {
      out.println(runs.toPrettyString());
      out.flush();
      return 0;
    }
    TextTable table = new TextTable("RUN ID", "NAME", "STATUS", "STARTED", "METRICS");
    for (JsonNode run : runs) {
      JsonNode info = run.path("info");
      table.row(
          info.path("run_id").asText(),
          info.path("run_name").asText(),
          info.path("status").asText(),
          Formats.time(info.path("start_time")),
          RunViews.metricsSummary(run.path("data").path("metrics"), 4));
    }
    table.print(out);
    return 0;
  }
}
