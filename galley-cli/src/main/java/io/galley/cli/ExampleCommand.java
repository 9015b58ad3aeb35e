package io.galley.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code galley example}: the bundled example programs, each run against a server in a JVM of its
 * own with only its own class path ({@link ExampleProgram}), so what its runs record about their
 * libraries is the example's, not Galley's server jars. Each is an ordinary SDK program (module
 * {@code examples/}); the verb saves a newcomer its class path.
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
    static final ExampleProgram PROGRAM =
        new ExampleProgram("iris", "galley-example-iris.jar", "io.galley.examples.iris.IrisMain");

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
      List<String> args = new ArrayList<>();
      args.addAll(List.of("--tracking-uri", tracking.server.trackingUri));
      args.addAll(List.of("--experiment", experiment));
      args.addAll(List.of("--seed", Long.toString(seed)));
      args.addAll(List.of("--model", model));
      args.addAll(List.of("--format", tracking.format.name()));
      args.addAll(List.of("--retry-timeout-seconds", "30"));
      return PROGRAM.run(args, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
  }
}
