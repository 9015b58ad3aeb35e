package io.galley.server.http;

import static java.util.Objects.requireNonNull;

import io.galley.core.ErrorCode;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Keeps web pages the user visits from driving a server they can reach, loopback included. Three
 * checks run before any handler:
 *
 * <ul>
 *   <li><b>Host</b> must name an address the server serves (the loopback names, the bound address,
 *       the machine's addresses when bound to all of them) or one of the allowed hosts: a DNS
 *       rebinding attack points the attacker's own name at 127.0.0.1, and only the Host header
 *       still shows that name.
 *   <li><b>Origin</b>, when a browser sends one, must be a page of a served host (any port, as
 *       MLflow allows {@code localhost:*}) or one of the allowed origins.
 *   <li>A <b>POST with a body</b> to the JSON APIs must say {@code Content-Type: application/json}
 *       (or carry an {@code Authorization} header): a form or {@code text/plain} body is what a
 *       cross-site page can send without asking the server first.
 * </ul>
 *
 * Refusals are 403 with the API's error body; every response gets {@code X-Content-Type-Options:
 * nosniff}. A {@code *} in either list turns that check off.
 */
public final class CrossSiteGuard {
  private static final Set<String> SIMPLE_CONTENT_TYPES =
      Set.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data");
  private static final List<String> JSON_API_PREFIXES = List.of("/api/", "/ajax-api/");

  private final Set<String> servedHosts;
  private final boolean anyHost;
  private final Set<String> allowedOrigins;
  private final boolean anyOrigin;

  /**
   * @param bindHost the address the server binds ({@code 0.0.0.0} or {@code ::} for all)
   * @param allowedHosts more host names accepted in {@code Host} (a proxy's public name)
   * @param allowedOrigins more web origins ({@code https://notebook.internal}) allowed to call
   */
  public CrossSiteGuard(String bindHost, List<String> allowedHosts, List<String> allowedOrigins) {
    requireNonNull(bindHost, "bindHost");
    Set<String> hosts = new TreeSet<>(List.of("localhost", "127.0.0.1", "::1", "0:0:0:0:0:0:0:1"));
    hosts.add(normalHost(bindHost));
    if (isWildcard(bindHost)) {
      hosts.addAll(machineAddresses());
    }
    allowedHosts.forEach(h -> hosts.add(normalHost(h)));
    this.anyHost = allowedHosts.contains("*");
    this.servedHosts = Collections.unmodifiableSet(hosts);
    Set<String> origins = new TreeSet<>();
    allowedOrigins.forEach(o -> origins.add(o.toLowerCase(Locale.ROOT).replaceAll("/+$", "")));
    this.anyOrigin = allowedOrigins.contains("*");
    this.allowedOrigins = Collections.unmodifiableSet(origins);
  }

  /** Throws {@link HttpError} (403) for a request a cross-site page could have made. */
  public void check(Context ctx) {
    ctx.header("X-Content-Type-Options", "nosniff");
    String host = ctx.header("Host");
    if (!anyHost && (host == null || !servedHosts.contains(normalHost(host)))) {
      throw new HttpError(
          403,
          ErrorCode.PERMISSION_DENIED,
          "This server does not serve the host name '"
              + (host == null ? "" : host)
              + "'; a server behind a proxy or DNS name lists it with --allowed-hosts");
    }
    String origin = ctx.header("Origin");
    if (origin != null && !originAllowed(origin)) {
      throw new HttpError(
          403,
          ErrorCode.PERMISSION_DENIED,
          "Cross-origin request from "
              + origin
              + " refused; a web application allowed to call this server is listed with"
              + " --cors-allowed-origins");
    }
    if (ctx.method().name().equals("POST")
        && hasBody(ctx)
        && isJsonApi(ctx.path())
        && ctx.header("Authorization") == null
        && SIMPLE_CONTENT_TYPES.contains(mediaType(ctx.header("Content-Type")))) {
      throw new HttpError(
          415,
          ErrorCode.BAD_REQUEST,
          "Send the request body as JSON with 'Content-Type: application/json' (a body of type "
              + mediaType(ctx.header("Content-Type"))
              + " body is refused: any web page could send one)");
    }
  }

  private boolean originAllowed(String origin) {
    String normal = origin.toLowerCase(Locale.ROOT);
    if (anyOrigin || allowedOrigins.contains(normal)) {
      return true;
    }
    try {
      URI uri = new URI(normal);
      String scheme = uri.getScheme();
      return uri.getHost() != null
          && ("http".equals(scheme) || "https".equals(scheme))
          && servedHosts.contains(normalHost(uri.getHost()));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static boolean hasBody(Context ctx) {
    return ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
  }

  private static boolean isJsonApi(String path) {
    return JSON_API_PREFIXES.stream().anyMatch(path::startsWith)
        && !path.contains("/mlflow-artifacts/");
  }

  private static String mediaType(@Nullable String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .strip()
        .toLowerCase(Locale.ROOT);
  }

  /** A Host header or address without its port and brackets, lower case. */
  static String normalHost(String host) {
    String h = host.strip().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(1, end);
    }
    int colon = h.indexOf(':');
    // One colon is host:port; more is a bare IPv6 address.
    if (colon >= 0 && h.indexOf(':', colon + 1) < 0) {
      h = h.substring(0, colon);
    }
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  private static boolean isWildcard(String bindHost) {
    String h = normalHost(bindHost);
    return h.equals("0.0.0.0") || h.equals("::") || h.equals("0:0:0:0:0:0:0:0");
  }

  /** The machine's addresses and name, for a server bound to all of them. */
  private static Set<String> machineAddresses() {
    Set<String> names = new TreeSet<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          String text = address.getHostAddress();
          int zone = text.indexOf('%');
          names.add(normalHost(zone < 0 ? text : text.substring(0, zone)));
        }
      }
    } catch (SocketException e) {
      // No interface list: only the loopback names and the configured hosts are served.
    }
    try {
      names.add(normalHost(InetAddress.getLocalHost().getHostName()));
    } catch (UnknownHostException e) {
      // No name for this machine: clients use its addresses.
    }
    return names;
  }
}
