package io.galley.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A verb that does not exist gets one line saying so, the nearest real verb only when it is a near
 * miss, and the list of verbs. Docker's verbs are answered apart: someone typing {@code galley run}
 * means Docker's {@code run}, and being told "galley runs?" would send them somewhere else.
 * Everything else goes to picocli's own handler.
 */
final class UnknownVerbHandler implements IParameterExceptionHandler {
  /** Docker's image and container verbs, which Galley does not have yet. */
  static final Set<String> DOCKER_VERBS =
      Set.of(
          "run", "ps", "push", "exec", "logs", "stop", "start", "rm", "rmi", "tag", "login",
          "logout", "inspect", "kill", "attach", "create", "cp");

  private final IParameterExceptionHandler fallback;

  UnknownVerbHandler(IParameterExceptionHandler fallback) {
    this.fallback = fallback;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) throws Exception {
    CommandLine cl = ex.getCommandLine();
    if (!(ex instanceof UnmatchedArgumentException unmatched)
        || cl.getSubcommands().isEmpty()
        || unmatched.getUnmatched().isEmpty()
        || unmatched.getUnmatched().get(0).startsWith("-")) {
      return fallback.handleParseException(ex, args);
    }
    String typed = unmatched.getUnmatched().get(0);
    String command = cl.getCommandSpec().qualifiedName();
    List<String> verbs = visibleVerbs(cl.getSubcommands());
    var err = cl.getErr();
    if (cl.getParent() == null && DOCKER_VERBS.contains(typed)) {
      err.println(
          "Error: Galley has no '"
              + typed
              + "' command yet; Docker's image and container verbs are not built yet.");
    } else {
      String closest = ClosestNames.didYouMean(typed, verbs);
      err.println(
          "Error: '"
              + command
              + " "
              + typed
              + "' is not a command"
              + (closest.isEmpty() ? "." : closest));
    }
    err.println("The commands of '" + command + "': " + String.join(", ", verbs) + ".");
    err.println("Run '" + command + " --help' for usage.");
    err.flush();
    return CliErrorHandler.EXIT_USAGE;
  }

  private static List<String> visibleVerbs(Map<String, CommandLine> subcommands) {
    List<String> names = new ArrayList<>();
    subcommands.forEach(
        (name, sub) -> {
          if (!sub.getCommandSpec().usageMessage().hidden()
              && sub.getCommandSpec().name().equals(name)) {
            names.add(name);
          }
        });
    return names;
  }
}
