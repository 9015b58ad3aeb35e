package io.galley.oci.distribution;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * Sends the endpoints' requests to one registry and signs them in as its challenge asks: a request
 * goes out with what is known; on 401 the challenge is read, a bearer token fetched from its realm
 * for the request's scope (Docker's token flow, {@code distribution/docs/spec/auth/token.md}) or
 * Basic chosen, and the request sent once more. Tokens are kept per scope until they expire.
 */
final class RegistryTransport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final int ERROR_BODY_LIMIT = 64 * 1024;
  private static final long DEFAULT_TOKEN_SECONDS = 60;

  private final HttpClient http;
  private final URI base;
  private final String registry;
  private final RegistryCredential credential;
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private volatile @Nullable AuthChallenge challenge;

  private record Token(String value, long expiresAtNanos) {}

  RegistryTransport(URI base, String registry, RegistryCredential credential) {
    this.base = requireNonNull(base, "base");
    this.registry = requireNonNull(registry, "registry");
    this.credential = requireNonNull(credential, "credential");
    // Redirects are followed by the blob endpoint itself, without the registry's Authorization.
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  String registry() {
    return registry;
  }

  URI resolve(String pathAndQuery) {
    return base.resolve(pathAndQuery);
  }

  /**
   * Sends {@code request} (built without Authorization) for {@code scope} ({@code
   * repository:NAME:pull}), signing in and resending once on a 401. The caller reads or closes the
   * body of what is returned, whatever its status.
   */
  HttpResponse<InputStream> send(HttpRequest.Builder request, String scope) {
    HttpResponse<InputStream> response = exchange(request, authorization(scope));
    if (response.statusCode() != 401 || credential instanceof RegistryCredential.Bearer) {
      return response;
    }
    String header = response.headers().firstValue("WWW-Authenticate").orElse("");
    discard(response);
    AuthChallenge learnt =
        AuthChallenge.parse(header)
            .orElseThrow(
                () ->
                    new RegistryException(
                        401, "UNAUTHORIZED", "unauthorized: authentication required"));
    challenge = learnt;
    tokens.remove(scope);
    String signIn = authorization(scope);
    if (signIn == null) {
      throw new RegistryException(
          401, "UNAUTHORIZED", "unauthorized: " + registry + " wants credentials (docker login)");
    }
    return exchange(request, signIn);
  }

  /** Sends {@code request} to wherever it points, with no credentials: redirected blob reads. */
  HttpResponse<InputStream> sendUnsigned(HttpRequest.Builder request) {
    return exchange(request, null);
  }

  private HttpResponse<InputStream> exchange(
      HttpRequest.Builder request, @Nullable String authorization) {
    HttpRequest.Builder copy = request.copy();
    if (authorization != null) {
      copy.setHeader("Authorization", authorization);
    }
    HttpRequest built = copy.build();
    try {
      return http.send(built, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw unreachable(built.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException("interrupted while waiting for " + registry, e);
    }
  }

  private @Nullable String authorization(String scope) {
    if (credential instanceof RegistryCredential.Bearer bearer) {
      return "Bearer " + bearer.token();
    }
    AuthChallenge known = challenge;
    if (known == null) {
      return null;
    }
    if (known.scheme().equals("basic")) {
      return credential instanceof RegistryCredential.Basic basic ? basic(basic) : null;
    }
    if (known.scheme().equals("bearer")) {
      return "Bearer " + token(scope, known);
    }
    throw new RegistryException(
        401,
        "UNAUTHORIZED",
        "unauthorized: "
            + registry
            + " asks for "
            + known.scheme()
            + " authentication,"
            + " which Galley does not speak (Basic or Bearer)");
  }

  private String token(String scope, AuthChallenge bearer) {
    Token cached = tokens.get(scope);
    if (cached != null && cached.expiresAtNanos() - System.nanoTime() > 0) {
      return cached.value();
    }
    URI realm = realm(bearer);
    String service = bearer.param("service");
    HttpRequest.Builder request;
    if (credential instanceof RegistryCredential.IdentityToken identity) {
      String form =
          "grant_type=refresh_token&client_id=galley"
              + "&service="
              + encode(service)
              + "&scope="
              + encode(scope)
              + "&refresh_token="
              + encode(identity.token());
      request =
          HttpRequest.newBuilder(realm)
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(form));
    } else {
      StringBuilder query = new StringBuilder("service=").append(encode(service));
      for (String one : scope.isEmpty() ? new String[0] : scope.split(" ")) {
        query.append("&scope=").append(encode(one)); // repeated, as token.md has it
      }
      String sep = realm.getRawQuery() == null ? "?" : "&";
      request = HttpRequest.newBuilder(URI.create(realm + sep + query)).GET();
    }
    request.timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
    HttpResponse<InputStream> response =
        exchange(
            request, credential instanceof RegistryCredential.Basic basic ? basic(basic) : null);
    byte[] body = readLimited(response);
    if (response.statusCode() != 200) {
      String who =
          credential instanceof RegistryCredential.Anonymous ? "" : " (" + credential + ")";
      throw new RegistryException(
          response.statusCode() == 401 || response.statusCode() == 403
              ? 401
              : response.statusCode(),
          "UNAUTHORIZED",
          "unauthorized: the token service of "
              + registry
              + " refused the credentials"
              + who
              + ": HTTP "
              + response.statusCode());
    }
    try {
      JsonNode answer = JSON.readTree(body);
      String value = answer.path("token").asText(answer.path("access_token").asText(""));
      if (value.isEmpty()) {
        throw new RegistryException(
            502, null, "the token service of " + registry + " answered without a token");
      }
      long seconds = answer.path("expires_in").asLong(DEFAULT_TOKEN_SECONDS);
      // Asked again a little before it expires, so no request goes out with a stale token.
      long life = Math.max(1, Math.min(seconds, 24 * 3600) - 5);
      tokens.put(scope, new Token(value, System.nanoTime() + Duration.ofSeconds(life).toNanos()));
      return value;
    } catch (IOException e) {
      throw new RegistryException(
          502, null, "the token service of " + registry + " did not answer JSON");
    }
  }

  /** The challenge's realm, refused when it would send credentials in the clear off loopback. */
  private URI realm(AuthChallenge bearer) {
    URI realm;
    try {
      realm = URI.create(bearer.param("realm"));
    } catch (IllegalArgumentException e) {
      realm = URI.create("invalid:");
    }
    String scheme = realm.getScheme() == null ? "" : realm.getScheme().toLowerCase(Locale.ROOT);
    boolean plainAllowed = base.getScheme().equals("http") && RemoteRegistry.isLoopback(realm);
    if (!(scheme.equals("https") || (scheme.equals("http") && plainAllowed))
        || realm.getHost() == null) {
      throw new RegistryException(
          401,
          "UNAUTHORIZED",
          "unauthorized: "
              + registry
              + " names a token realm Galley will not send credentials"
              + " to: '"
              + bearer.param("realm")
              + "'");
    }
    return realm;
  }

  /** The registry's refusal of {@code what}, from its error body when it has one. */
  RegistryException refusal(HttpResponse<InputStream> response, String what) {
    byte[] body = readLimited(response);
    int status = response.statusCode();
    try {
      JsonNode first = JSON.readTree(body).path("errors").path(0);
      String code = first.path("code").asText("");
      if (!code.isEmpty()) {
        String message = first.path("message").asText("");
        String words = code.toLowerCase(Locale.ROOT).replace('_', ' ');
        return new RegistryException(
            status, code, message.isEmpty() ? words : words + ": " + message);
      }
    } catch (IOException | RuntimeException e) {
      // not the spec's error body: worded from the status below
    }
    return new RegistryException(status, null, what + ": " + registry + " answered HTTP " + status);
  }

  static byte[] readLimited(HttpResponse<InputStream> response) {
    try (InputStream in = response.body()) {
      return in.readNBytes(ERROR_BODY_LIMIT);
    } catch (IOException e) {
      return new byte[0];
    }
  }

  static void discard(HttpResponse<InputStream> response) {
    try {
      response.body().close();
    } catch (IOException e) {
      // nothing to keep
    }
  }

  private RegistryException unreachable(URI uri, IOException e) {
    String reason;
    if (e instanceof HttpConnectTimeoutException) {
      reason = "connection timed out";
    } else if (e instanceof HttpTimeoutException) {
      reason = "no answer in time";
    } else if (e instanceof ConnectException && unresolved(e)) {
      reason = "no such host";
    } else if (e instanceof ConnectException) {
      reason = "connection refused";
    } else if (e instanceof SSLException) {
      reason = "TLS failed: " + e.getMessage();
    } else {
      reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    return new RegistryException(
        "cannot reach registry "
            + registry
            + " ("
            + uri.getScheme()
            + "://"
            + uri.getAuthority()
            + "): "
            + reason,
        e);
  }

  private static boolean unresolved(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.nio.channels.UnresolvedAddressException
          || t instanceof java.net.UnknownHostException) {
        return true;
      }
    }
    return false;
  }

  private static String basic(RegistryCredential.Basic basic) {
    String pair = basic.username() + ":" + basic.secret();
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(UTF_8));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, UTF_8);
  }
}
