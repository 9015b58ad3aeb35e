package io.galley.examples.iris;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.Locale;
import java.util.TreeMap;

/**
 * What {@code galley example iris} prints: a table that grows as runs finish and a summary with the
 * next commands to try, or (for scripts) one JSON object of every run, the best and the registered
 * version.
 */
final class IrisReport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream out;
  private final boolean table;

  IrisReport(PrintStream out, boolean table) {
    this.out = out;
    this.table = table;
  }

  void start(IrisExample.Settings settings, String trackingUri) {
    if (!table) {
      return;
    }
    out.printf(
        Locale.ROOT,
        "Training %d runs on the Iris data (seed %d) into experiment '%s' at %s%n%n",
        IrisExample.runNames().size(),
        settings.seed(),
        settings.experiment(),
        trackingUri);
    out.println(row("RUN", "FAMILY", "ACCURACY", "MACRO F1", "RUN ID"));
    out.flush();
  }

  void finished(RunResult r) {
    if (table) {
      out.println(row(r.runName(), r.family(), fixed(r.accuracy()), fixed(r.macroF1()), r.runId()));
      out.flush();
    }
  }

  void done(IrisExample.Result result) {
    if (table) {
      summary(result);
    } else {
      out.println(toJson(result).toPrettyString());
    }
    out.flush();
  }

  private void summary(IrisExample.Result r) {
    IrisExample.Settings s = r.settings();
    out.println();
    out.printf(
        Locale.ROOT,
        "Best run: %s (accuracy %s, run %s)%n",
        r.best().runName(),
        fixed(r.best().accuracy()),
        r.best().runId());
    out.printf(
        Locale.ROOT,
        "Registered %s version %d from %s; alias %s -> version %d%n",
        r.version().name(),
        r.version().version(),
        r.version().source(),
        s.alias(),
        r.version().version());
    out.println();
    out.println("Ask the questions:");
    out.printf("  ./galley runs best  --experiment %s --metric accuracy%n", s.experiment());
    out.printf("  ./galley runs worst --experiment %s --metric accuracy%n", s.experiment());
    out.printf("  ./galley models show %s@%s%n", s.registeredModel(), s.alias());
  }

  private static ObjectNode toJson(IrisExample.Result r) {
    ObjectNode root = JSON.createObjectNode();
    root.put("experiment", r.settings().experiment());
    root.put("seed", r.settings().seed());
    root.put("train_rows", r.trainRows());
    root.put("test_rows", r.testRows());
    ArrayNode runs = root.putArray("runs");
    r.runs().forEach(run -> runs.add(runJson(run)));
    root.set("best", runJson(r.best()));
    ObjectNode version = root.putObject("registered_version");
    version.put("name", r.version().name());
    version.put("version", r.version().version());
    version.put("source", r.version().source());
    version.put("alias", r.settings().alias());
    return root;
  }

  private static ObjectNode runJson(RunResult r) {
    ObjectNode run = JSON.createObjectNode();
    run.put("run_name", r.runName());
    run.put("run_id", r.runId());
    run.put("family", r.family());
    run.set("hyperparameters", JSON.valueToTree(new TreeMap<>(r.hyperparameters())));
    run.put("accuracy", r.accuracy());
    run.put("f1_macro", r.macroF1());
    return run;
  }

  /** Fixed widths, since rows print as runs finish: names are at most 20 characters. */
  private static String row(String run, String family, String acc, String f1, String id) {
    return String.format(Locale.ROOT, "%-20s  %-20s  %-8s  %-8s  %s", run, family, acc, f1, id)
        .stripTrailing();
  }

  private static String fixed(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
