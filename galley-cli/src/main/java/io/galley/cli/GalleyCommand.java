package io.galley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.client.extension.LeaderboardJson;
import io.galley.client.mlflow.ExperimentResponseJson;
import io.galley.client.mlflow.RunJson;
import io.galley.client.mlflow.SearchRunsResponseJson;
import io.galley.client.mlflow.WireJson;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root of the {@code galley} command line. */
@Command(
    name = "galley",
    mixinStandardHelpOptions = true,
    versionProvider = GalleyVersion.class,
    description = "Track, compare and ship ML models.")
public final class GalleyCommand implements Runnable {
  /** The verbs, in the order {@code --help} lists them. */
  private static final List<Class<?>> VERBS =
      List.of(
          ServerCommand.class,
          ExperimentsCommand.class,
          RunsCommand.class,
          ArtifactsCommand.class,
          ModelsCommand.class,
          ServeCommand.class,
          BuildCommand.class,
          BaseCommand.class,
          GcCommand.class,
          ImageCommand.class,
          ImageCommand.RegistryAlias.class,
          ImagesCommand.class,
          PullCommand.class,
          UsersCommand.class,
          TokensCommand.class,
          GroupsCommand.class,
          PermissionsCommand.class,
          LoginCommand.class,
          LoginCommand.Logout.class,
          AuditCommand.class,
          ExampleCommand.class,
          CommandLine.HelpCommand.class);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command");
  }

  /** The names the verbs answer to, aliases included. */
  static List<String> verbNames() {
    List<String> names = new ArrayList<>();
    for (Class<?> verb : VERBS) {
      Command command = verb.getAnnotation(Command.class);
      names.add(command.name());
      names.addAll(List.of(command.aliases()));
    }
    return names;
  }

  /** A command line with every verb and Galley's error handling, writing to the given streams. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    return commandLine(out, err, VERBS);
  }

  /**
   * A command line for {@code args}: when they start with a verb, only that verb's commands are
   * built. Picocli reads every command's annotations up front (and its classes, compiled for Java
   * 5, are neither shared through CDS nor quick to verify), which cost more than the rest of a
   * client verb's start.
   */
  static CommandLine commandLine(PrintWriter out, PrintWriter err, String... args) {
    if (args.length > 0 && !args[0].equals("help")) {
      for (Class<?> verb : VERBS) {
        Command command = verb.getAnnotation(Command.class);
        if (command.name().equals(args[0]) || List.of(command.aliases()).contains(args[0])) {
          return commandLine(out, err, List.of(verb));
        }
      }
    }
    return commandLine(out, err);
  }

  private static CommandLine commandLine(PrintWriter out, PrintWriter err, List<Class<?>> verbs) {
    CommandLine cl = new CommandLine(new GalleyCommand());
    verbs.forEach(cl::addSubcommand);
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(new CliErrorHandler());
    cl.setParameterExceptionHandler(new UnknownVerbHandler(cl.getParameterExceptionHandler()));
    return cl;
  }

  public static void main(String[] args) {
    if (args.length > 0 && !List.of("server", "serve", "example").contains(args[0])) {
      prepareJsonInTheBackground();
    }
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = commandLine(out, err, args).execute(args);
    stopHttpSelectors();
    System.exit(code);
  }

  /**
   * A client verb's first JSON read pays for Jackson's set-up and for mapping the wire records;
   * done on the second core while picocli builds the command line and the HTTP client connects, it
   * costs the verb nothing. ApiTrees writes the records back to trees, hence the writers too.
   */
  private static void prepareJsonInTheBackground() {
    Thread prepare =
        new Thread(
            () ->
                WireJson.prepare(
                    RunJson.class,
                    LeaderboardJson.class,
                    SearchRunsResponseJson.class,
                    ExperimentResponseJson.class,
                    JsonNode.class),
            "galley-json-prepare");
    prepare.setDaemon(true);
    prepare.start();
  }

  /**
   * JDK 17's VM waits up to 300 ms on exit for threads blocked in native code, and the JDK HTTP
   * client's selector thread sits in one (epoll) for as long as the client lives: a third of a
   * client verb's time. Interrupted, it closes its connections and ends at once. (JDK 21's {@code
   * HttpClient.close()} would say this directly.)
   */
  private static void stopHttpSelectors() {
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] threads = new Thread[root.activeCount() + 8];
    int n = root.enumerate(threads, true);
    for (int i = 0; i < n; i++) {
      if (threads[i].getName().endsWith("-SelectorManager")) {
        threads[i].interrupt();
        try {
          threads[i].join(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
