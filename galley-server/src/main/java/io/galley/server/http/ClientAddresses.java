package io.galley.server.http;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.InetAddressSet;
import org.jspecify.annotations.Nullable;

/**
 * The address of the client behind a request, as sign-in slowing and the audit trail key on it: the
 * connection's, unless the connection comes from a proxy the server was told to trust ({@code
 * --trusted-proxies}). Then {@code X-Forwarded-For} is read from its right, the end the proxies
 * appended, skipping trusted proxies, and the first address that is not one is the client's, as
 * nginx's {@code real_ip_recursive} and Spring's {@code RemoteIpValve} read it. Whatever a client
 * put on the left is never believed, so a client cannot pose as another address to escape the
 * slowing; an entry that is not an IP address ends the walk at the hop that added it. Nothing is
 * ever looked up in DNS.
 */
public final class ClientAddresses {
  /** The header proxies (nginx, HAProxy, Traefik, cloud load balancers) append the client to. */
  public static final String FORWARDED_FOR = "X-Forwarded-For";

  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV4_WITH_PORT = Pattern.compile("[\\d.]+:\\d{1,5}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

  private final InetAddressSet trusted = new InetAddressSet();
  private final boolean any;

  /**
   * @param trustedProxies addresses ({@code 10.0.0.7}, {@code ::1}), CIDR ranges ({@code
   *     10.0.0.0/8}) or ranges ({@code 10.0.0.1-10.0.0.9}) of the proxies in front of the server
   * @throws IllegalArgumentException for an entry that is none of those
   */
  public ClientAddresses(List<String> trustedProxies) {
    for (String entry : trustedProxies) {
      String pattern = entry.strip();
      if (!isAddressPattern(pattern)) {
        throw new IllegalArgumentException(
            "A trusted proxy must be an IP address, a CIDR range (10.0.0.0/8) or a range"
                + " (10.0.0.1-10.0.0.9), not '"
                + entry
                + "'");
      }
      trusted.add(pattern);
    }
    this.any = !trustedProxies.isEmpty();
  }

  /** The client's address for {@code ctx}: Javalin's {@code ctx.ip()} resolver. */
  public String of(Context ctx) {
    String remote = ctx.req().getRemoteAddr();
    if (!any) {
      return remote;
    }
    return resolve(remote, Collections.list(ctx.req().getHeaders(FORWARDED_FOR)));
  }

  /** The client behind a connection from {@code remote} whose request carried {@code headers}. */
  String resolve(String remote, List<String> headers) {
    InetAddress hop = literal(remote);
    if (hop == null || !trusted.test(hop)) {
      return remote;
    }
    List<String> entries = new ArrayList<>();
    for (String header : headers) {
      for (String entry : header.split(",", -1)) {
        entries.add(entry.strip());
      }
    }
    for (int i = entries.size() - 1; i >= 0; i--) {
      InetAddress forwarded = literal(entries.get(i));
      if (forwarded == null) {
        break; // not an address: the hop that added it is the last one known
      }
      hop = forwarded;
      if (!trusted.test(hop)) {
        break;
      }
    }
    return hop.getHostAddress();
  }

  private static boolean isAddressPattern(String pattern) {
    if (pattern.isEmpty()) {
      return false;
    }
    int slash = pattern.indexOf('/');
    if (slash >= 0) {
      String bits = pattern.substring(slash + 1);
      return literal(pattern.substring(0, slash)) != null && bits.matches("\\d{1,3}");
    }
    int dash = pattern.indexOf('-');
    if (dash >= 0) {
      return literal(pattern.substring(0, dash)) != null
          && literal(pattern.substring(dash + 1)) != null;
    }
    return literal(pattern) != null;
  }

  /**
   * The address written in {@code text} (IPv4, IPv6, either with a port, IPv6 bracketed), or null
   * when it is not one: never a name, which {@link InetAddress#getByName} would look up.
   */
  static @Nullable InetAddress literal(String text) {
    String s = text.strip();
    if (s.startsWith("[")) {
      int end = s.indexOf(']');
      if (end < 0) {
        return null;
      }
      s = s.substring(1, end);
    } else if (IPV4_WITH_PORT.matcher(s).matches()) {
      s = s.substring(0, s.indexOf(':'));
    }
    if (!IPV4.matcher(s).matches() && !IPV6.matcher(s).matches()) {
      return null;
    }
    try {
      return InetAddress.getByName(s); // a literal, never resolved
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
