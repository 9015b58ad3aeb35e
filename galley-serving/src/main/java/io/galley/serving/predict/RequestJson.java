package io.galley.serving.predict;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Reads a request's JSON body for either protocol. Bodies are bounded by the server's limit; deep
 * nesting is refused early. A body that is not JSON is an {@link InvalidInputException} giving only
 * the position: Jackson's own message quotes the body's text.
 */
public final class RequestJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    JSON.getFactory()
        .setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
  }

  private RequestJson() {}

  /** The body's JSON; {@code expected} (may be empty) is added to the message of a refusal. */
  public static JsonNode read(byte[] body, String expected) {
    String hint = expected.isEmpty() ? "" : "; expected " + expected;
    try {
      JsonNode root = JSON.readTree(body);
      if (root == null) {
        throw new InvalidInputException("the body is empty" + hint);
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          "the body is not valid JSON"
              + (e.getLocation() == null
                  ? ""
                  : " (line "
                      + e.getLocation().getLineNr()
                      + ", column "
                      + e.getLocation().getColumnNr()
                      + ")")
              + hint);
    } catch (IOException e) {
      throw new InvalidInputException("the body cannot be read as JSON" + hint);
    }
  }
}
