package io.galley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.client.GalleyClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code galley runs best|worst}: rank an experiment's runs by one metric through the server's
 * leaderboard, which can rank by a run's last, lowest or highest value of it.
 */
abstract class RunsRankCommand implements Callable<Integer> {
  @Mixin TrackingOptions tracking;

  @Mixin ExperimentOption experiment;

  @Option(
      names = {"-m", "--metric"},
      required = true,
      description = "Metric key to rank by.")
  String metric;

  @ArgGroup(exclusive = true)
  Direction direction = new Direction();

  @Option(
      names = "--agg",
      defaultValue = "last",
      description =
          "Which value of the metric ranks a run: last, min or max (default ${DEFAULT-VALUE}).")
  String agg = "last";

  @Option(
      names = "-n",
      defaultValue = "5",
      description = "How many runs (default ${DEFAULT-VALUE}).")
  int n = 5;

  @Option(names = "--filter", defaultValue = "", description = "MLflow filter on the runs ranked.")
  String filter = "";

  @Spec CommandSpec spec;

  static final class Direction {
    @Option(names = "--max", description = "Higher is better (the default).")
    boolean max;

    @Option(names = "--min", description = "Lower is better (e.g. loss).")
    boolean min;
  }

  /** Whether this verb lists the best runs (true) or the worst. */
  abstract boolean best();

  @Override
  public Integer call() {
    if (n < 1) {
      throw new CliUsageException("-n must be at least 1, got " + n);
    }
    boolean higherIsBetter = !direction.min;
    String order = best() == higherIsBetter ? "desc" : "asc";
    GalleyClient client = tracking.client();
    String experimentId = experiment.id(client);
    JsonNode entries =
        ApiTrees.tree(client.leaderboard(experimentId, metric, agg, order, n, filter))
            .path("entries");
    if (entries.isEmpty()) {
      refuseAnUnknownMetric(client, experimentId);
    }
    var out = spec.commandLine().getOut();
    if (tracking.format == TrackingOptions.OutputFormat.json) {
      out.println(entries.toPrettyString());
      out.flush();
      return 0;
    }
    if (entries.isEmpty()) {
      out.println(
          "No run of experiment '" + experiment.name + "' has logged metric '" + metric + "'.");
      out.flush();
      return 0;
    }
    List<Map<String, String>> params = new ArrayList<>();
    entries.forEach(e -> params.add(RunViews.params(e.path("run"))));
    List<String> keyParams = RunViews.distinguishingParamKeys(params);
    String valueHeader = metric.toUpperCase(Locale.ROOT) + " (" + agg + ")";
    TextTable table =
        new TextTable("RANK", "RUN ID", "NAME", valueHeader, "STEP", "PARAMS", "STARTED");
    int i = 0;
    for (JsonNode e : entries) {
      JsonNode info = e.path("run").path("info");
      JsonNode point = e.path("metric").path(agg.toLowerCase(Locale.ROOT));
      Map<String, String> shown = new LinkedHashMap<>();
      Map<String, String> runParams = params.get(i++);
      keyParams.forEach(k -> shown.put(k, runParams.getOrDefault(k, "-")));
      table.row(
          e.path("rank").asText(),
          info.path("run_id").asText(),
          info.path("run_name").asText(),
          Formats.number(Formats.metricValue(point.path("value"))),
          point.path("step").asText("-"),
          RunViews.keyValues(shown, 4),
          Formats.time(info.path("start_time")));
    }
    table.print(out);
    return 0;
  }

  /** A metric no run of the experiment logged is a mistake to say, not an empty ranking. */
  private void refuseAnUnknownMetric(GalleyClient client, String experimentId) {
    List<String> keys = client.experimentKeys(experimentId).metricKeys();
    if (keys.contains(metric)) {
      return;
    }
    throw new CliFailureException(
        "Experiment '"
            + experiment.name
            + "' has no metric '"
            + metric
            + "'"
            + ClosestNames.didYouMean(metric, keys)
            + (keys.isEmpty()
                ? "; its runs have logged no metrics yet"
                : ". Its metrics: " + String.join(", ", keys)));
  }

  @Command(
      name = "best",
      mixinStandardHelpOptions = true,
      description = "The best runs of an experiment by one metric.")
  static final class Best extends RunsRankCommand {
    @Override
    boolean best() {
      return true;
    }
  }

  @Command(
      name = "worst",
      mixinStandardHelpOptions = true,
      description = "The worst runs of an experiment by one metric.")
  static final class Worst extends RunsRankCommand {
    @Override
    boolean best() {
      return false;
    }
  }
}
