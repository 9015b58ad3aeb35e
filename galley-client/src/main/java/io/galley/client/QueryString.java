package io.galley.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/** A URL query built in order, each name and value form-encoded; a name may repeat. */
final class QueryString {
  private final StringJoiner joined = new StringJoiner("&");

  public QueryString add(String name, String value) {
    joined.add(encode(name) + "=" + encode(value));
    return this;
  }

  /** {@code path?query}, or {@code path} alone when nothing was added. */
  public String appendTo(String path) {
    return joined.length() == 0 ? path : path + "?" + joined;
  }

  public static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
