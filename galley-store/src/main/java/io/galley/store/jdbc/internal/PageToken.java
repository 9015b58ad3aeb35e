package io.galley.store.jdbc.internal;

import io.galley.core.InvalidRequestException;
import io.galley.core.tracking.Page;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * MLflow's page token: base64 of {@code {"offset": N}}. Opaque to clients; an offset is enough
 * because every listing has a total order (it always ends with the id).
 */
public final class PageToken {
  private static final Pattern OFFSET =
      Pattern.compile("\\{\\s*\"offset\"\\s*:\\s*(\\d{1,9})\\s*}");

  private PageToken() {}

  public static String encode(long offset) {
    return Base64.getEncoder()
        .encodeToString(("{\"offset\": " + offset + "}").getBytes(StandardCharsets.UTF_8));
  }

  /** The offset a token names; 0 for none. */
  public static int decode(@Nullable String token) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(token.strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("Invalid page token, could not base64-decode");
    }
    Matcher m = OFFSET.matcher(decoded.strip());
    if (!m.matches()) {
      throw new InvalidRequestException("Invalid page token, decoded value=" + abbreviate(decoded));
    }
    return Integer.parseInt(m.group(1));
  }

  private static String abbreviate(String s) {
    return s.length() <= 100 ? s : s.substring(0, 100) + "...";
  }

  /** The first {@code maxResults} of rows fetched one beyond the page, and the next token. */
  public static <T> Page<T> page(List<T> fetched, int maxResults, int offset) {
    if (fetched.size() > maxResults) {
      return new Page<>(
          fetched.subList(0, maxResults), PageToken.encode((long) offset + maxResults));
    }
    return new Page<>(fetched, null);
  }
}
