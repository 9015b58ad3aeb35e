package io.galley.server.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.server.handler.EagerContentHandler.RetainedContentLoaderFactory;
import org.eclipse.jetty.server.handler.MinimumDataRateHandler;

/**
 * The Jetty parts that keep slow clients from taking the server's threads: see {@link
 * ConnectionLimits} for why each is there.
 */
public final class SlowClients {
  /**
   * How much of a body is read without a thread before the request is handed to one: a whole
   * typical JSON call. Past it the rest is read on the thread, still under the minimum rate.
   */
  static final long BYTES_READ_BEFORE_DISPATCH = 16 * 1024;

  private SlowClients() {}

  /**
   * The handlers between the server and the application, outermost first: the minimum request rate,
   * the eager read of each body's first bytes, then the watch for clients that leave, on the thread
   * that runs the application (Javalin puts its servlet context inside the innermost).
   */
  public static Handler.Wrapper handlers(ConnectionLimits limits) {
    CallerGone callerGone;
    try {
      callerGone = new CallerGone();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open a selector to watch for clients that leave", e);
    }
    // Only the retaining loader: forms and multipart bodies too are read as bytes, so that the
    // servlet, not this handler, parses them (and refuses them where the API does).
    Handler.Wrapper eager =
        new EagerContentHandler(
            callerGone, new RetainedContentLoaderFactory(BYTES_READ_BEFORE_DISPATCH, -1, false));
    if (limits.minRequestBytesPerSecond() == 0) {
      return eager;
    }
    return new MinimumDataRateHandler(eager, limits.minRequestBytesPerSecond(), 0);
  }

  /** The one HTTP/1.1 connector, on {@code host:port}, closing connections idle too long. */
  public static ServerConnector connector(
      Server server, HttpConfiguration http, String host, int port, ConnectionLimits limits) {
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(limits.idleTimeout().toMillis());
    return connector;
  }
}
