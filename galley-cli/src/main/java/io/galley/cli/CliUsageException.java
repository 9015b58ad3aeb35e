package io.galley.cli;

import org.jspecify.annotations.Nullable;

/** The user gave the CLI something it cannot use; exit code 2, like picocli's own usage errors. */
final class CliUsageException extends RuntimeException {
  CliUsageException(@Nullable String message) {
    super(message);
  }
}
