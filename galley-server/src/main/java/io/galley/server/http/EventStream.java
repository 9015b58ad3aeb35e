package io.galley.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * An answer of {@code application/x-ndjson}: one JSON event per line, flushed as it happens, for
 * work that takes long (a build, a pull). Once the first line is out the status is 200, so a
 * failure is the last line, {@code {"event":"error","error_code":...,"message":...}}.
 */
public final class EventStream {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OutputStream out;

  private EventStream(OutputStream out) {
    this.out = out;
  }

  /** Starts the answer; what can still be refused with a 4xx must be checked before. */
  public static EventStream open(Context ctx) {
    ctx.status(200).contentType("application/x-ndjson");
    try {
      return new EventStream(ctx.res().getOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new event object named {@code name}, to fill and {@link #send}. */
  public static ObjectNode event(String name) {
    ObjectNode n = JSON.createObjectNode();
    n.put("event", name);
    return n;
  }

  /** The client stopped reading: nothing more can be said to it. */
  public static final class ClientGone extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    ClientGone(IOException cause) {
      super("the client went away", cause);
    }
  }

  /**
   * Writes one line.
   *
   * @throws ClientGone when the client went away
   */
  public void send(JsonNode event) {
    try {
      out.write(JSON.writeValueAsBytes(event));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new ClientGone(e);
    }
  }

  /** The last line of a failed stream. */
  public void error(String code, String message) {
    ObjectNode n = event("error");
    n.put("error_code", code);
    n.put("message", message);
    send(n);
  }
}
