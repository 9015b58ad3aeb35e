package io.galley.core;

/** A named thing (experiment, run, model…) does not exist. */
public class NotFoundException extends GalleyException {
  public NotFoundException(String message) {
    super(ErrorCode.RESOURCE_DOES_NOT_EXIST, message);
  }
}
