package io.galley.cli;

import io.galley.core.GalleyException;
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
    if (ex instanceof ServerUnreachableException || ex instanceof ApiErrorException) {
      err.println("Error: " + ex.getMessage());
      return EXIT_FAILURE;
    }
    if (ex instanceof UncheckedIOException io) {
      err.println("Error: " + io.getMessage());
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
}
