package io.galley.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.examples.iris.IrisExample;
import io.galley.examples.iris.RunResult;
import io.galley.sdk.Galley;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code galley example}: the bundled example programs, run in this JVM against a server. Each is
 * an ordinary SDK program (module {@code examples/}); the verb saves a newcomer its class path.
 */
@Command(
    name = "example",
    mixinStandardHelpOptions = true,
    description = "Run a bundled example training program against the server.",
    subcommands = {ExampleCommand.Iris.class})
final class ExampleCommand {

  @Command(
      name = "iris",
      mixinStandardHelpOptions = true,
      description = {
        "Train Tribuo models on the Iris data set: logistic regression, CART and k-NN with"
            + " several settings each, one run per setting, each logging its params, metrics,"
            + " data and model. Registers the model of the most accurate run and points the"
            + " alias champion at it.",
        "The same --seed gives the same split, models and metrics."
      })
  static final class Iris implements Callable<Integer> {
    // Held so that the level sticks: java.util.logging keeps loggers only weakly.
    private static final Logger TRIBUO = Logger.getLogger("org.tribuo");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin TrackingOptions tracking;

    @Option(
        names = {"-e", "--experiment"},
        defaultValue = "iris",
        description = "Experiment to log the runs to (default ${DEFAULT-VALUE}).")
    String experiment = "iris";

    @Option(
        names = "--seed",
        defaultValue = "42",
        description = "Seed of the split and the trainers (default ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(
        names = "--model",
        defaultValue = "iris",
        description = "Registered model to add the best run's model to (default ${DEFAULT-VALUE}).")
    String model = "iris";

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      // Fail at once, as every other verb does, rather than after the SDK's retries.
      tracking.client().searchExperiments("ACTIVE_ONLY", 1, List.of("name ASC"), null);
      Galley galley =
          Galley.builder().trackingUri(tracking.uri()).retryTimeout(Duration.ofSeconds(30)).build();
      IrisExample.Settings settings =
          IrisExample.Settings.defaults()
              .withExperiment(experiment)
              .withSeed(seed)
              .withRegisteredModel(model);
      // Tribuo's trainers report every training at INFO; the table says what matters.
      TRIBUO.setLevel(Level.WARNING);
      PrintWriter out = spec.commandLine().getOut();
      boolean table = tracking.format == TrackingOptions.OutputFormat.table;
      if (table) {
        out.printf(
            "Training %d runs on the Iris data (seed %d) into experiment '%s' at %s%n%n",
            IrisExample.runNames().size(), seed, experiment, tracking.trackingUri);
        out.println(row("RUN", "FAMILY", "ACCURACY", "MACRO F1", "RUN ID"));
        out.flush();
      }
      Consumer<RunResult> progress =
          table
              ? r -> {
                out.println(
                    row(
                        r.runName(),
                        r.family(),
                        fixed(r.accuracy()),
                        fixed(r.macroF1()),
                        r.runId()));
                out.flush();
              }
              : r -> {};
      IrisExample.Result result = IrisExample.run(galley, settings, progress);
      if (table) {
        summary(out, result);
      } else {
        out.println(toJson(result).toPrettyString());
      }
      out.flush();
      return 0;
    }

    private static void summary(PrintWriter out, IrisExample.Result r) {
      IrisExample.Settings s = r.settings();
      out.println();
      out.printf(
          "Best run: %s (accuracy %s, run %s)%n",
          r.best().runName(), fixed(r.best().accuracy()), r.best().runId());
      out.printf(
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
      var runs = root.putArray("runs");
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
}
