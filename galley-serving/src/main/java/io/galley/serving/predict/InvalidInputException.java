package io.galley.serving.predict;

/**
 * A request the model cannot take: a missing column, a wrong type or shape, a body of the wrong
 * form. Answered as 400; the message names the column or tensor and what was expected, and never
 * holds the caller's values (mlflow#16537).
 */
public final class InvalidInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidInputException(String message) {
    super(message, null, false, false);
  }
}
