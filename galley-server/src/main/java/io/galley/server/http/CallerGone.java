package io.galley.server.http;

import io.galley.core.Cancellation;
import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels the {@link Cancellation} of a request whose client has closed its connection, so that the
 * query it waits on stops instead of holding a database connection to its end.
 *
 * <p>Jetty does not notice a closed HTTP/1.1 connection while a handler runs: it reads nothing more
 * until the response is sent (a search on PostgreSQL went on for minutes after its client left). So
 * the connections of requests still running after {@link #ARM_AFTER} are also registered, for
 * reading, with a selector of this watcher's own (a channel may sit in several selectors; Jetty's
 * waits for nothing on it then). A connection that turns readable with no byte to read has reached
 * its end or been reset: its request is cancelled. One that turns readable with bytes is a client
 * pipelining its next request, which is left to Jetty, and is not watched further. Nothing is ever
 * read from the connection.
 */
public final class CallerGone extends Handler.Wrapper {
  private static final Logger LOG = LoggerFactory.getLogger(CallerGone.class);

  /** Requests that end sooner are never watched: watching costs a registration. */
  static final Duration ARM_AFTER = Duration.ofSeconds(1);

  private static final long POLL_MILLIS = 200;

  private final Map<Watched, Boolean> running = new ConcurrentHashMap<>();
  private final Selector selector;
  private final Thread watcher;
  private volatile boolean stopped;

  /** One running request; the watcher thread registers its key. */
  private static final class Watched {
    final SocketChannel channel;
    final Cancellation cancellation;
    final long startNanos = System.nanoTime();
    volatile boolean done;
    volatile @Nullable SelectionKey key;
    boolean unwatchable;

    Watched(SocketChannel channel, Cancellation cancellation) {
      this.channel = channel;
      this.cancellation = cancellation;
    }
  }

  /** Wraps nothing yet: Javalin puts its servlet context inside. */
  public CallerGone() throws IOException {
    this.selector = Selector.open();
    this.watcher = new Thread(this::watch, "galley-caller-gone");
    watcher.setDaemon(true);
  }

  @Override
  protected void doStart() throws Exception {
    watcher.start();
    super.doStart();
  }

  @Override
  protected void doStop() throws Exception {
    super.doStop();
    stopped = true;
    selector.wakeup();
    watcher.join(POLL_MILLIS * 10);
    selector.close();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    Cancellation cancellation = new Cancellation();
    Watched watched = null;
    EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
    if (endPoint instanceof SocketChannelEndPoint socket) {
      watched = new Watched(socket.getChannel(), cancellation);
      running.put(watched, Boolean.TRUE);
    }
    Cancellation.Binding bound = Cancellation.bind(cancellation);
    try {
      return super.handle(request, response, callback);
    } finally {
      bound.close();
      if (watched != null) {
        watched.done = true;
        running.remove(watched);
        SelectionKey key = watched.key;
        if (key != null) {
          key.cancel();
        }
      }
    }
  }

  private void watch() {
    while (!stopped) {
      try {
        selector.select(POLL_MILLIS);
        Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
        while (ready.hasNext()) {
          SelectionKey key = ready.next();
          ready.remove();
          readable((Watched) key.attachment(), key);
        }
        arm();
      } catch (IOException | RuntimeException e) {
        LOG.warn("The watch for clients that leave failed; it goes on", e);
      }
    }
  }

  private static void readable(Watched watched, SelectionKey key) {
    key.cancel();
    if (watched.done) {
      return;
    }
    if (!watched.cancellation.hasWorkToStop()) {
      // Between statements the handler may be reading the body: watch again at the next one.
      watched.key = null;
      return;
    }
    watched.unwatchable = true;
    int waiting;
    try {
      waiting = watched.channel.socket().getInputStream().available();
    } catch (IOException e) {
      waiting = 0; // reset or closed: gone as well
    }
    if (waiting == 0 && !watched.done) {
      LOG.debug("A client closed its connection while its request ran; cancelling it");
      watched.cancellation.cancel();
    }
  }

  private void arm() {
    long now = System.nanoTime();
    for (Watched watched : running.keySet()) {
      if (watched.key != null
          || watched.unwatchable
          || now - watched.startNanos < ARM_AFTER.toNanos()
          || !watched.cancellation.hasWorkToStop()) {
        continue;
      }
      try {
        watched.key = watched.channel.register(selector, SelectionKey.OP_READ, watched);
      } catch (CancelledKeyException e) {
        continue; // its last key leaves the selector at the next select: try again then
      } catch (ClosedChannelException e) {
        watched.unwatchable = true;
        watched.cancellation.cancel();
        continue;
      } catch (RuntimeException e) {
        // A channel Jetty has switched to blocking, or a selector closing: not watched.
        watched.unwatchable = true;
        continue;
      }
      if (watched.done) {
        watched.key.cancel(); // the request ended while it was being registered
      }
    }
  }
}
