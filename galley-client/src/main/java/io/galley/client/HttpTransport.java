package io.galley.client;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * Sends requests to one server over HTTP/1.1. Every call is retried with {@link Backoff} on network
 * errors, 429 and 5xx until the retry timeout (a zero timeout makes one attempt); any other 4xx
 * becomes a {@link GalleyApiException} at once, and an outage that outlasts the timeout a {@link
 * GalleyUnreachableException}.
 */
final class HttpTransport {
  private final URI base;
  private final @Nullable String authorization;
  private final Duration retryTimeout;
  private final Duration requestTimeout;
  private final String userAgent;
  // HTTP/1.1: plain-http HTTP/2 would cost an h2c upgrade attempt on the first request.
  private final HttpClient http;

  public HttpTransport(
      URI base,
      @Nullable String authorization,
      Duration retryTimeout,
      Duration requestTimeout,
      Duration connectTimeout,
      String userAgent) {
    this.base = requireNonNull(base, "base");
    this.authorization = authorization;
    this.retryTimeout = requireNonNull(retryTimeout, "retryTimeout");
    this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout");
    this.userAgent = requireNonNull(userAgent, "userAgent");
    HttpClient.Builder builder =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout);
    if ("http".equalsIgnoreCase(base.getScheme())) {
      // The JDK's default TLS context loads and parses the whole trust store when the client is
      // built, a quarter of a short CLI call's time. A client of a plain-http server never speaks
      // TLS (it follows no redirects), so it gets a context that trusts nothing, and parameters of
      // its own so that the client does not work out the JDK's default cipher suites either.
      builder.sslContext(trustingNothing()).sslParameters(new SSLParameters());
    }
    this.http = builder.build();
  }

  private static SSLContext trustingNothing() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[0], new TrustManager[0], null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no TLS context", e);
    }
  }

  /** The server's base URI, ending in {@code /}. */
  public URI base() {
    return base;
  }

  /** Builds a fresh request each attempt: a retried upload reopens its file. */
  public interface RequestFactory {
    HttpRequest.Builder build(HttpRequest.Builder start);
  }

  /**
   * A request to {@code relative} (resolved against the base), its request timeout set unless
   * {@code timed} is false (uploads, whose answer comes after the whole body).
   */
  public HttpRequest.Builder start(String relative, boolean timed) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(relative)).header("User-Agent", userAgent);
    if (timed) {
      b.timeout(requestTimeout);
    }
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return b;
  }

  /**
   * Sends with retries; the answer once its status is below 400, or a 404 when {@code notFoundOk}.
   */
  public <T> HttpResponse<T> send(
      String what,
      String relative,
      boolean timed,
      RequestFactory factory,
      HttpResponse.BodyHandler<T> handler,
      Refusals<T> refusals) {
    Backoff backoff = new Backoff(retryTimeout);
    while (true) {
      String lastError;
      String reason;
      Throwable cause;
      try {
        HttpResponse<T> response =
            http.send(factory.build(start(relative, timed)).build(), handler);
        int status = response.statusCode();
        if (status < 400 || refusals.accepted(status)) {
          return response;
        }
        GalleyApiException refusal = ErrorBodies.refusal(base, status, refusals.bytes(response));
        if (!retryable(status)) {
          throw refusal;
        }
        lastError = "HTTP " + status + ": " + refusal.getMessage();
        reason = lastError;
        cause = refusal;
      } catch (IOException e) {
        lastError = e.toString();
        reason = e instanceof ConnectException ? "connection refused" : lastError;
        cause = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw interrupted(what, e);
      }
      try {
        if (!backoff.pause()) {
          throw new GalleyUnreachableException(
              "Gave up on "
                  + what
                  + " at "
                  + base
                  + " after "
                  + (backoff.attempts() + 1)
                  + " attempts over "
                  + retryTimeout.toSeconds()
                  + " s: "
                  + lastError
                  + ". Is the server running? (GALLEY_TRACKING_URI names it)",
              base,
              reason,
              cause);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw interrupted(what, e);
      }
    }
  }

  /** Which error statuses a call takes as answers, and how to read an error answer's bytes. */
  public interface Refusals<T> {
    boolean accepted(int status);

    byte[] bytes(HttpResponse<T> response) throws IOException;
  }

  private GalleyUnreachableException interrupted(String what, InterruptedException e) {
    return new GalleyUnreachableException(
        "Interrupted during " + what + " at " + base, base, "interrupted", e);
  }

  /** MLflow's client retries these too: rate limiting and server-side trouble. */
  static boolean retryable(int status) {
    return status == 429 || status >= 500;
  }
}
