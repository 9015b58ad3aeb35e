package io.galley.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root of the {@code galley} command line. */
@Command(
    name = "galley",
    mixinStandardHelpOptions = true,
    versionProvider = GalleyVersion.class,
    description = "Track, compare and ship ML models.",
    subcommands = {
      ServerCommand.class,
      ExperimentsCommand.class,
      RunsCommand.class,
      ArtifactsCommand.class,
      ModelsCommand.class,
      GcCommand.class,
      ImageCommand.class,
      ImageCommand.RegistryAlias.class,
      ExampleCommand.class,
      CommandLine.HelpCommand.class
    })
public final class GalleyCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command");
  }

  /** A command line with Galley's error handling, writing to the given streams. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new GalleyCommand());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(new CliErrorHandler());
    return cl;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(commandLine(out, err).execute(args));
  }
}
