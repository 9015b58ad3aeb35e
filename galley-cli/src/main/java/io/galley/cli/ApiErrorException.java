package io.galley.cli;

/** The server answered with an error body; its code and message are shown as they are. */
final class ApiErrorException extends RuntimeException {
  private final int status;
  private final String errorCode;

  ApiErrorException(int status, String errorCode, String message) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
  }

  int status() {
    return status;
  }

  String errorCode() {
    return errorCode;
  }
}
