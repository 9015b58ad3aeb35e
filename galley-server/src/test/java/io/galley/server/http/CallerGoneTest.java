package io.galley.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.core.Cancellation;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * On a real Jetty server and real sockets: a request whose client closes its connection while the
 * request runs is cancelled; a request whose client waits is not, and pipelined requests behind a
 * long one are all answered. The handler stands for a long query: it waits until its cancellation
 * fires or {@link #HOLD_MILLIS} pass.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CallerGoneTest {
  private static final long HOLD_MILLIS = CallerGone.ARM_AFTER.toMillis() + 1500;

  private final AtomicInteger cancelled = new AtomicInteger();
  private final AtomicInteger answered = new AtomicInteger();
  private volatile CountDownLatch cancelSeen = new CountDownLatch(1);
  private Server server;
  private int port;

  @BeforeEach
  void start() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    CallerGone callerGone = new CallerGone();
    callerGone.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            Cancellation c = Cancellation.current().orElseThrow();
            CountDownLatch stop = new CountDownLatch(1);
            c.onCancel(stop::countDown);
            if (stop.await(HOLD_MILLIS, TimeUnit.MILLISECONDS)) {
              cancelled.incrementAndGet();
              cancelSeen.countDown();
            } else {
              answered.incrementAndGet();
            }
            response.setStatus(200);
            response.write(
                true,
                java.nio.ByteBuffer.wrap("done".getBytes(StandardCharsets.US_ASCII)),
                callback);
            return true;
          }
        });
    server.setHandler(callerGone);
    server.start();
    port = connector.getLocalPort();
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  @Test
  void aRequestWhoseClientClosesItsConnectionIsCancelled() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.getOutputStream().write(request("/slow", false));
      socket.getOutputStream().flush();
      Thread.sleep(200);
    }
    cancelSeen.await();
    assertThat(cancelled).hasValue(1);
    assertThat(answered).hasValue(0);
  }

  @Test
  void aClientThatWaitsGetsItsAnswerAndPipelinedRequestsAreAllAnswered() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(request("/one", false));
      out.flush();
      // The second request arrives while the first runs, past the time the watch starts.
      Thread.sleep(CallerGone.ARM_AFTER.toMillis() + 500);
      out.write(request("/two", true));
      out.flush();
      InputStream in = socket.getInputStream();
      String answers = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(answers.split("HTTP/1.1 200", -1)).hasSize(3);
    }
    assertThat(answered).hasValue(2);
    assertThat(cancelled).hasValue(0);
  }

  private static byte[] request(String path, boolean close) {
    return ("GET "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + (close ? "Connection: close\r\n" : "")
            + "\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }
}
