package io.galley.core;

/** Creating a thing whose unique name is taken. */
public class AlreadyExistsException extends GalleyException {
  public AlreadyExistsException(String message) {
    super(ErrorCode.RESOURCE_ALREADY_EXISTS, message);
  }
}
