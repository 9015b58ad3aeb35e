package io.galley.cli;

/** The user gave the CLI something it cannot use; exit code 2, like picocli's own usage errors. */
final class CliUsageException extends RuntimeException {
  CliUsageException(String message) {
    super(message);
  }
}
