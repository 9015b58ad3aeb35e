package io.galley.serving.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Which web pages may call the model server from a browser (CORS): pages served from the browser's
 * own machine ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}, any port, as MLflow allows
 * {@code localhost:*}), the origins listed (Galley's web UI on another host, a notebook), or any
 * with {@code *}. A request whose {@code Origin} is none of them is refused before the model sees
 * it: a JSON or CSV body needs the browser's preflight, which such a page never passes, and a
 * {@code text/plain} one is refused anyway, so refusing here only makes the answer clear.
 */
public final class CrossOrigins {
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

  private final Set<String> listed;
  private final boolean any;

  /**
   * @param origins {@code scheme://host[:port]} each, or {@code *}
   * @throws IllegalArgumentException naming an entry that is not a web origin
   */
  public CrossOrigins(List<String> origins) {
    Set<String> normal = new TreeSet<>();
    boolean star = false;
    for (String o : origins) {
      String t = o.strip();
      if (t.equals("*")) {
        star = true;
      } else if (!t.isEmpty()) {
        String n = normalOrigin(t);
        if (n == null) {
          throw new IllegalArgumentException(
              "'"
                  + t
                  + "' is not a web origin such as https://notebook.internal or http://host:7070");
        }
        normal.add(n);
      }
    }
    this.listed = Set.copyOf(normal);
    this.any = star;
  }

  /** Pages on the browser's own machine only. */
  public static CrossOrigins loopbackOnly() {
    return new CrossOrigins(List.of());
  }

  /** This policy with one more origin allowed (the tracking server a model was fetched from). */
  public CrossOrigins with(String origin) {
    List<String> all = new ArrayList<>(listed);
    all.add(origin);
    if (any) {
      all.add("*");
    }
    return new CrossOrigins(all);
  }

  /**
   * Whether a page of {@code origin} may call this server; {@code host} is the request's {@code
   * Host} header (a page served by the same host and port is this server's own).
   */
  public boolean allows(String origin, @Nullable String host) {
    if (any) {
      return true;
    }
    String n = normalOrigin(origin);
    if (n == null) {
      return false;
    }
    if (listed.contains(n)) {
      return true;
    }
    URI uri = URI.create(n);
    String h = uri.getHost();
    if (h != null && LOOPBACK.contains(h)) {
      return true;
    }
    return host != null && n.endsWith("://" + host.toLowerCase(Locale.ROOT));
  }

  /** {@code scheme://host[:port]} in lower case, or null when {@code text} is not an origin. */
  static @Nullable String normalOrigin(String text) {
    URI uri;
    try {
      uri = new URI(text.strip().replaceAll("/+$", ""));
    } catch (URISyntaxException e) {
      return null;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https"))
        || uri.getHost() == null
        || uri.getRawUserInfo() != null
        || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      return null;
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    return scheme + "://" + host + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }
}
