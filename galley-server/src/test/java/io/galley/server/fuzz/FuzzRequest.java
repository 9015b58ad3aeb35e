package io.galley.server.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One generated request. {@code target} is the raw request-target (path and query) exactly as it
 * goes on the wire; {@code mustFail} says a 2xx answer is a bug (a write to something that does not
 * exist, or a write whose payload is invalid). {@code headers} are extra header lines ({@code Name:
 * value}); {@code fileOk}: the answer may be an artifact's bytes (2xx or 304, not JSON).
 */
record FuzzRequest(
    String method,
    String target,
    byte @Nullable [] body,
    @Nullable String contentType,
    boolean mustFail,
    String what,
    List<String> headers,
    boolean fileOk) {

  FuzzRequest {
    headers = List.copyOf(headers);
  }

  FuzzRequest(
      String method,
      String target,
      byte @Nullable [] body,
      @Nullable String contentType,
      boolean mustFail,
      String what) {
    this(method, target, body, contentType, mustFail, what, List.of(), false);
  }

  static FuzzRequest of(
      String method, String target, @Nullable String body, boolean mustFail, String what) {
    return new FuzzRequest(
        method,
        target,
        body == null ? null : body.getBytes(StandardCharsets.UTF_8),
        body == null ? null : "application/json",
        mustFail,
        what);
  }

  FuzzRequest withBody(byte @Nullable [] newBody) {
    return new FuzzRequest(method, target, newBody, contentType, mustFail, what, headers, fileOk);
  }

  FuzzRequest withContentType(@Nullable String type) {
    return new FuzzRequest(method, target, body, type, mustFail, what, headers, fileOk);
  }

  FuzzRequest withTarget(String newTarget) {
    return new FuzzRequest(method, newTarget, body, contentType, mustFail, what, headers, fileOk);
  }

  FuzzRequest withMethod(String newMethod) {
    return new FuzzRequest(newMethod, target, body, contentType, mustFail, what, headers, fileOk);
  }

  FuzzRequest describedAs(String more) {
    return new FuzzRequest(
        method, target, body, contentType, mustFail, what + "; " + more, headers, fileOk);
  }

  FuzzRequest withHeaders(List<String> lines) {
    return new FuzzRequest(method, target, body, contentType, mustFail, what, lines, fileOk);
  }

  /** The answer may be a file's bytes (a download of something that exists). */
  FuzzRequest allowingFile() {
    return new FuzzRequest(method, target, body, contentType, mustFail, what, headers, true);
  }

  /** For a failure report: method, target, content type and the body, abbreviated. */
  @Override
  public String toString() {
    String shown = "";
    if (body != null) {
      String text = new String(body, StandardCharsets.ISO_8859_1);
      shown =
          text.length() <= 600 ? text : text.substring(0, 600) + "...(" + body.length + " bytes)";
    }
    String t = target.length() <= 600 ? target : target.substring(0, 600) + "...";
    return method
        + " "
        + t
        + (headers.isEmpty() ? "" : " " + headers)
        + " ["
        + contentType
        + "] "
        + shown
        + "  <"
        + what
        + ">";
  }
}
