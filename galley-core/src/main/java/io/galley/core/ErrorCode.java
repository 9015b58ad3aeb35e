package io.galley.core;

/**
 * Error codes with MLflow's names (from {@code databricks.proto}), so the tracking API can put them
 * on the wire as they are. Each knows the HTTP status MLflow answers with.
 */
public enum ErrorCode {
  INVALID_PARAMETER_VALUE(400),
  BAD_REQUEST(400),
  INVALID_STATE(400),
  RESOURCE_DOES_NOT_EXIST(404),
  ENDPOINT_NOT_FOUND(404),
  RESOURCE_ALREADY_EXISTS(400),
  RESOURCE_CONFLICT(409),
  /** No credentials, or credentials that sign in nobody (wrong, expired, revoked). */
  UNAUTHENTICATED(401),
  PERMISSION_DENIED(403),
  REQUEST_LIMIT_EXCEEDED(429),
  TEMPORARILY_UNAVAILABLE(503),
  /**
   * A disk the server writes to is full. {@code databricks.proto} names this code for "the entire
   * file system is out of space" and maps it to 429; Galley answers 507 Insufficient Storage, since
   * a retry in a few seconds will not help until someone frees space.
   */
  RESOURCE_EXHAUSTED(507),
  /**
   * The work took longer than the server allows it (a query past the statement timeout) and was
   * stopped. {@code databricks.proto} maps it to 504.
   */
  DEADLINE_EXCEEDED(504),
  /**
   * The caller went away (closed the connection) and its work was stopped; nobody reads this
   * answer. {@code databricks.proto} maps it to 499 Client Closed Request.
   */
  CANCELLED(499),
  NOT_IMPLEMENTED(501),
  INTERNAL_ERROR(500);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
