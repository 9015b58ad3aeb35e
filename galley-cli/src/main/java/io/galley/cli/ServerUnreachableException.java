package io.galley.cli;

/** The tracking server did not answer at all (refused, timed out, not HTTP). */
final class ServerUnreachableException extends RuntimeException {
  ServerUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
