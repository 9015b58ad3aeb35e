package io.galley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.galley.client.GalleyClient;
import java.io.PrintWriter;
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
 * leaderboard, which can rank by a run's last, lowest or highest value of it. {@code worst} is the
 * ranking {@code best} prints, read from its last row up.
 */
abstract class RunsRankCommand implements Callable<Integer> {
  private static final int LEADERBOARD_MAX = 1000;

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
    String order = direction.min ? "asc" : "desc";
    GalleyClient client = tracking.client();
    String experimentId = experiment.id(client);
    // One row more than shown, to tell whether the last row shown ties with a run left out.
    int asked = Math.min(n + 1, LEADERBOARD_MAX);
    JsonNode fetched =
        ApiTrees.tree(client.leaderboard(experimentId, metric, agg, order, !best(), asked, filter))
            .path("entries");
    if (fetched.isEmpty()) {
      refuseAnUnknownMetric(client, experimentId);
    }
    List<JsonNode> entries = new ArrayList<>();
    fetched.forEach(entries::add);
    JsonNode leftOut = entries.size() > n ? entries.remove(n) : null;
    if (leftOut != null) {
      ((ArrayNode) fetched).remove(n);
    }
    var out = spec.commandLine().getOut();
    if (tracking.format == TrackingOptions.OutputFormat.json) {
      out.println(fetched.toPrettyString());
      out.flush();
      return 0;
    }
    if (entries.isEmpty()) {
      out.println(
          "No run of experiment '" + experiment.name + "' has logged metric '" + metric + "'.");
      out.flush();
      return 0;
    }
    String aggregate = aggregate();
    List<String> values = new ArrayList<>();
    entries.forEach(e -> values.add(value(e, aggregate)));
    if (leftOut != null) {
      values.add(value(leftOut, aggregate));
    }
    RankTies ties = new RankTies(values);
    List<Map<String, String>> params = new ArrayList<>();
    entries.forEach(e -> params.add(RunViews.params(e.path("run"))));
    List<String> keyParams = RunViews.distinguishingParamKeys(params);
    String valueHeader = metric.toUpperCase(Locale.ROOT) + " (" + agg + ")";
    TextTable table =
        new TextTable("RANK", "RUN ID", "NAME", valueHeader, "STEP", "PARAMS", "STARTED");
    for (int i = 0; i < entries.size(); i++) {
      JsonNode info = entries.get(i).path("run").path("info");
      JsonNode point = entries.get(i).path("metric").path(aggregate);
      Map<String, String> shown = new LinkedHashMap<>();
      Map<String, String> runParams = params.get(i);
      // Only the params this run has: a knn run's k must not hide behind params it lacks.
      keyParams.stream()
          .filter(runParams::containsKey)
          .forEach(k -> shown.put(k, runParams.get(k)));
      table.row(
          ties.rank(i),
          info.path("run_id").asText(),
          info.path("run_name").asText(),
          Formats.number(Formats.metricValue(point.path("value"))),
          point.path("step").asText("-"),
          RunViews.keyValues(shown, 4),
          Formats.time(info.path("start_time")));
    }
    table.print(out);
    printTies(out, ties, entries, leftOut != null);
    return 0;
  }

  private String aggregate() {
    return agg.toLowerCase(Locale.ROOT);
  }

  private static String value(JsonNode entry, String aggregate) {
    return entry.path("metric").path(aggregate).path("value").asText();
  }

  /** Says which runs tie, so that "the best" is not read as one run when it is several. */
  private void printTies(
      PrintWriter out, RankTies ties, List<JsonNode> entries, boolean moreWereAsked) {
    for (int[] group : ties.groups()) {
      List<String> names = new ArrayList<>();
      for (int i = group[0]; i <= Math.min(group[1], entries.size() - 1); i++) {
        names.add(entries.get(i).path("run").path("info").path("run_name").asText());
      }
      boolean beyond = moreWereAsked && group[1] == entries.size();
      String value =
          Formats.number(
              Formats.metricValue(
                  entries.get(group[0]).path("metric").path(aggregate()).path("value")));
      out.println(
          "Tied on "
              + metric
              + " ("
              + agg
              + ") = "
              + value
              + ": "
              + String.join(", ", names)
              + (beyond ? ", and at least one run not listed (raise -n to see it)" : "")
              + (best()
                  ? ". Tied runs are listed by start time, the later first."
                  : ". Tied runs are listed by start time, the earlier first (best's order read"
                      + " backwards)."));
    }
    out.flush();
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
