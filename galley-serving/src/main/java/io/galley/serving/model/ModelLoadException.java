package io.galley.serving.model;

/**
 * A model that cannot be served: no MLmodel, a flavour Galley does not serve, a corrupt file. The
 * message says which and is meant for the person starting the server.
 */
public final class ModelLoadException extends Exception {
  private static final long serialVersionUID = 1L;

  public ModelLoadException(String message) {
    super(message);
  }

  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
