package io.galley.server.oci;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy to a registry that forwards client bytes until {@code stallAfter} of them
 * went upstream, then stops reading from the client: a push through it hangs mid-upload for as long
 * as the test likes, so killing the client lands mid-way however fast the registry is. Replies flow
 * freely. {@link #close()} drops every connection.
 */
final class StallingProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress upstream;
  private final long stallAfter;
  private final AtomicLong forwarded = new AtomicLong();
  private final CountDownLatch stalled = new CountDownLatch(1);
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  StallingProxy(String upstreamHostPort, long stallAfter) throws IOException {
    int colon = upstreamHostPort.lastIndexOf(':');
    this.upstream =
        new InetSocketAddress(
            upstreamHostPort.substring(0, colon),
            Integer.parseInt(upstreamHostPort.substring(colon + 1)));
    this.stallAfter = stallAfter;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    daemon("proxy-accept", this::acceptLoop);
  }

  /** {@code 127.0.0.1:PORT} of the proxy. */
  String host() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  /** Client bytes forwarded upstream so far. */
  long forwarded() {
    return forwarded.get();
  }

  /** Whether {@code stallAfter} client bytes went upstream within {@code max}. */
  boolean awaitStalled(Duration max) throws InterruptedException {
    return stalled.await(max.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        Socket up = new Socket();
        up.connect(upstream, 5000);
        sockets.add(client);
        sockets.add(up);
        daemon("proxy-up", () -> pump(client, up, true));
        daemon("proxy-down", () -> pump(up, client, false));
      } catch (IOException e) {
        if (!closed) {
          e.printStackTrace();
        }
      }
    }
  }

  private void pump(Socket from, Socket to, boolean counted) {
    byte[] buf = new byte[1 << 16];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      while (true) {
        int max = buf.length;
        if (counted) {
          long room = stallAfter - forwarded.get();
          if (room <= 0) {
            stalled.countDown();
            while (!closed) {
              Thread.sleep(20); // stop reading: the client's writes back up and block
            }
            return;
          }
          max = (int) Math.min(max, room);
        }
        int n = in.read(buf, 0, max);
        if (n < 0) {
          to.shutdownOutput();
          return;
        }
        out.write(buf, 0, n);
        out.flush();
        if (counted) {
          forwarded.addAndGet(n);
        }
      }
    } catch (IOException e) {
      closeQuietly(from); // a side went away: drop the pair
      closeQuietly(to);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void daemon(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    sockets.forEach(StallingProxy::closeQuietly);
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
