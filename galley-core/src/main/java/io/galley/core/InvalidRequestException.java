package io.galley.core;

/** The caller sent a value Galley cannot accept; the message names the value and the rule. */
public class InvalidRequestException extends GalleyException {
  public InvalidRequestException(String message) {
    super(ErrorCode.INVALID_PARAMETER_VALUE, message);
  }

  public InvalidRequestException(ErrorCode code, String message) {
    super(code, message);
  }
}
