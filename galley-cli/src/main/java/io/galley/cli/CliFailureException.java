package io.galley.cli;

/**
 * A verb could not do its job for a reason the user can fix, said in one line that names the
 * setting and the fix; exit code 1, no stack trace.
 */
final class CliFailureException extends RuntimeException {
  CliFailureException(String message) {
    super(message);
  }
}
