package io.galley.server.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.galley.server.fuzz.WireClient.Answer;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What every answer to a bad request must be: never a 5xx; a 2xx only where the request was allowed
 * to succeed (a read); otherwise a 4xx whose body is MLflow's error JSON with a string {@code
 * error_code} and {@code message}, and no trace of the server's insides.
 */
final class ResponseChecks {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Words that only a leaked exception or stack trace would put in a message. */
  private static final List<String> LEAKS =
      List.of(
          "Exception",
          "at io.",
          "org.jdbi",
          "java.lang",
          "SQL",
          "com.fasterxml",
          "org.eclipse",
          "jakarta.",
          "\tat ");

  /** A fully qualified Java class name, e.g. {@code io.galley.store.jdbc.internal.Rows}. */
  private static final Pattern CLASS_NAME =
      Pattern.compile("\\b(?:java|javax|jakarta|io|org|com)\\.[a-z_]+(?:\\.[a-z_]+)*\\.[A-Z]\\w+");

  /** A Java type or member quoted the way Jackson's messages do: {@code `Foo.bar()`}. */
  private static final Pattern QUOTED_JAVA =
      Pattern.compile("`[A-Z][A-Za-z]+(?:\\.[A-Za-z_]+)*(?:\\(\\))?`");

  /** An absolute path of the server's machine, such as its data or temp directory. */
  private static final Pattern SERVER_PATH =
      Pattern.compile("(?:^|[\\s'\"(\\[])/(?:tmp|var|home|root|work|usr|opt|srv|data)/");

  private ResponseChecks() {}

  /** The problem with this answer, or empty when it is acceptable. */
  static Optional<String> problem(FuzzRequest request, Answer answer) {
    int status = answer.status();
    if (status >= 500) {
      return Optional.of("server error " + status);
    }
    if (status >= 200 && status < 300) {
      if (request.mustFail()) {
        return Optional.of("a request that must fail succeeded with " + status);
      }
      if (request.fileOk()) {
        return Optional.empty();
      }
      return parse(answer).isPresent() ? Optional.empty() : Optional.of("2xx body is not JSON");
    }
    if (status == 304 && request.fileOk() && !request.mustFail()) {
      return Optional.empty();
    }
    if (status < 400) {
      return Optional.of("unexpected status " + status);
    }
    Optional<JsonNode> body = parse(answer);
    if (body.isEmpty() || !body.get().isObject()) {
      return Optional.of("error body is not a JSON object");
    }
    JsonNode code = body.get().get("error_code");
    JsonNode message = body.get().get("message");
    if (code == null || !code.isTextual() || code.asText().isEmpty()) {
      return Optional.of("error_code missing or not a string");
    }
    if (message == null || !message.isTextual()) {
      return Optional.of("message missing or not a string");
    }
    if (!answer.contentType().startsWith("application/json")) {
      return Optional.of("error content type is " + answer.contentType());
    }
    return leak(message.asText());
  }

  static Optional<String> leak(String message) {
    for (String word : LEAKS) {
      if (message.contains(word)) {
        return Optional.of("message leaks internals (" + word.trim() + ")");
      }
    }
    if (CLASS_NAME.matcher(message).find() || QUOTED_JAVA.matcher(message).find()) {
      return Optional.of("message names a Java class");
    }
    if (SERVER_PATH.matcher(message).find()) {
      return Optional.of("message shows a path of the server's machine");
    }
    return Optional.empty();
  }

  private static Optional<JsonNode> parse(Answer answer) {
    try {
      return Optional.ofNullable(JSON.readTree(answer.body()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
