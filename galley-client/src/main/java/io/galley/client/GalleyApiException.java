package io.galley.client;

import io.galley.core.ErrorCode;
import java.net.URI;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The server refused a request: an HTTP 4xx, or a 429/5xx answer when no retry was left. {@link
 * #errorCode()} is the server's code as sent, read from MLflow's {@code {"error_code", "message"}}
 * body or OCI's {@code {"errors": [{"code", "message"}]}} body, else {@code HTTP_<status>}; {@link
 * #code()} is the same as an {@link ErrorCode} when Galley knows it, else {@link
 * ErrorCode#BAD_REQUEST} for a 4xx and {@link ErrorCode#INTERNAL_ERROR} for the rest.
 */
public class GalleyApiException extends GalleyClientException {
  /**
   * The code of an answer that was not the JSON the API promises (a proxy's page, a non-Galley).
   */
  public static final String BAD_RESPONSE = "BAD_RESPONSE";

  private final int httpStatus;
  private final String errorCode;
  private final boolean jsonAnswer;
  private final @Nullable URI server;

  public GalleyApiException(int httpStatus, String errorCode, String message) {
    this(httpStatus, errorCode, message, true, null);
  }

  /**
   * @param jsonAnswer false when the server's answer was not JSON, so the code and message are the
   *     client's guesses from the status alone
   * @param server the base URI of the server that answered, when known
   */
  public GalleyApiException(
      int httpStatus, String errorCode, String message, boolean jsonAnswer, @Nullable URI server) {
    super(known(httpStatus, errorCode), message, null);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
    this.jsonAnswer = jsonAnswer;
    this.server = server;
  }

  /** The HTTP status of the answer. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The server's error code, e.g. {@code INVALID_PARAMETER_VALUE}. */
  public String errorCode() {
    return errorCode;
  }

  /** Whether the answer was JSON; when not, {@link #errorCode()} is {@code HTTP_<status>}. */
  public boolean jsonAnswer() {
    return jsonAnswer;
  }

  /** The base URI of the server that answered, when known. */
  public Optional<URI> server() {
    return Optional.ofNullable(server);
  }

  private static ErrorCode known(int status, String code) {
    for (ErrorCode c : ErrorCode.values()) {
      if (c.name().equals(code)) {
        return c;
      }
    }
    return status < 500 ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL_ERROR;
  }
}
