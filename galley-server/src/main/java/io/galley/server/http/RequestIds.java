package io.galley.server.http;

import io.javalin.http.Context;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Each request's id, sent back as {@code X-Request-Id} and written beside a failure in the server
 * log, so that an answer that only says "the server failed" can be matched with its details. A
 * well-formed id the client sent (a proxy's) is kept; anything else is replaced, so that no caller
 * can write arbitrary text into the log.
 */
public final class RequestIds {
  public static final String HEADER = "X-Request-Id";
  private static final String ATTRIBUTE = RequestIds.class.getName();
  private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._-]{8,64}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private RequestIds() {}

  /** Gives the request its id; the first handler to run calls it. */
  public static void assign(Context ctx) {
    String sent = ctx.header(HEADER);
    String id = sent != null && WELL_FORMED.matcher(sent).matches() ? sent : fresh();
    ctx.attribute(ATTRIBUTE, id);
    ctx.header(HEADER, id);
  }

  /** The request's id (a fresh one when {@link #assign} did not run, as for Jetty's own errors). */
  public static String of(Context ctx) {
    String id = ctx.attribute(ATTRIBUTE);
    return id != null ? id : fresh();
  }

  private static String fresh() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
