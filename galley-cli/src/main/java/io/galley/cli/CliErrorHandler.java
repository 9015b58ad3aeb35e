package io.galley.cli;

import io.galley.client.GalleyApiException;
import io.galley.client.GalleyUnreachableException;
import io.galley.core.GalleyException;
import io.galley.oci.distribution.RegistryException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failed verb into one short line and an exit code: 2 for usage, 1 for everything else.
 * Stack traces are for bugs, and only with {@code GALLEY_DEBUG=1}.
 */
final class CliErrorHandler implements IExecutionExceptionHandler {
  static final int EXIT_FAILURE = 1;
  static final int EXIT_USAGE = 2;

  @Override
  public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
    var err = cl.getErr();
    String verb = cl.getCommandSpec().qualifiedName();
    if (ex instanceof CliUsageException) {
      err.println("Error: " + ex.getMessage());
      err.println("Run '" + verb + " --help' for usage.");
      return EXIT_USAGE;
    }
    if (ex instanceof GalleyUnreachableException unreachable) {
      // The CLI makes one attempt: a 429/5xx answer is the server's refusal, shown as such.
      err.println(
          "Error: "
              + unreachable
                  .lastRefusal()
                  .map(CliErrorHandler::refusal)
                  .orElse(unreachable(unreachable)));
      return EXIT_FAILURE;
    }
    if (ex instanceof GalleyApiException api) {
      err.println("Error: " + refusal(api));
      return EXIT_FAILURE;
    }
    if (ex instanceof CliFailureException failure) {
      err.println("Error: " + failure.getMessage());
      return EXIT_FAILURE;
    }
    if (ex instanceof UncheckedIOException io) {
      err.println("Error: " + io.getMessage());
      return EXIT_FAILURE;
    }
    if (ex instanceof RegistryException registry) {
      // Worded as docker words a registry's refusal; the code would only repeat it.
      err.println("Error: " + registry.getMessage());
      return EXIT_FAILURE;
    }
    if (ex instanceof GalleyException g) {
      err.println("Error: " + g.getMessage() + " (" + g.code() + ")");
      return EXIT_FAILURE;
    }
    err.println("Error: " + ex);
    if ("1".equals(System.getenv("GALLEY_DEBUG"))) {
      ex.printStackTrace(err);
    } else {
      err.println("Set GALLEY_DEBUG=1 for the stack trace.");
    }
    return EXIT_FAILURE;
  }

  /** The server's own message, or what to check when its answer was not the API's JSON. */
  private static String refusal(GalleyApiException e) {
    if (e.jsonAnswer()) {
      return String.valueOf(e.getMessage());
    }
    return "The server at "
        + e.server().map(String::valueOf).orElse("--tracking-uri")
        + " did not answer with JSON (HTTP "
        + e.httpStatus()
        + "). Is --tracking-uri a Galley or MLflow server?";
  }

  private static String unreachable(GalleyUnreachableException e) {
    return "Cannot reach the Galley server at "
        + e.server().map(String::valueOf).orElse("--tracking-uri")
        + " ("
        + e.reason()
        + "). Start it with './galley server', or point --tracking-uri /"
        + " GALLEY_TRACKING_URI at it.";
  }
}
