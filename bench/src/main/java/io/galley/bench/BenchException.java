package io.galley.bench;

/** A benchmark that cannot go on: bad flags, a server error, a deadline passed. */
final class BenchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BenchException(String message) {
    super(message);
  }

  BenchException(String message, Throwable cause) {
    super(message, cause);
  }
}
