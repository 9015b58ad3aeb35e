package io.galley.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.server.Http;
import io.galley.server.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thousand uploads that trickle one byte every few seconds, all from one address, as the abuse
 * report did: while they trickle, {@code /health} and {@code runs/get} keep answering, and each
 * trickler is cut once its rate is below the minimum. Bounded: 1,000 sockets for about 12 s.
 */
class SlowClientsTest {
  private static final int TRICKLERS = 1000;
  private static final Duration TRICKLE_EVERY = Duration.ofSeconds(4);
  private static final Duration WINDOW = Duration.ofSeconds(12);

  @TempDir Path dir;

  @Test
  void tricklingUploadsNeitherStarveOtherCallsNorLastForever() throws Exception {
    try (TestServer server = TestServer.h2(dir)) {
      String[] run = createRun(server.http());
      String runId = run[1];
      List<Socket> tricklers = new ArrayList<>();
      try {
        for (int i = 0; i < TRICKLERS; i++) {
          tricklers.add(startTrickle(server.port(), run[0] + "/" + runId + "/artifacts/slow/" + i));
        }
        Probes probes = new Probes(server.uri(), runId);
        Thread prober = new Thread(probes, "probe");
        prober.start();
        long end = System.nanoTime() + WINDOW.toNanos();
        long nextByte = System.nanoTime() + TRICKLE_EVERY.toNanos();
        while (System.nanoTime() < end) {
          if (System.nanoTime() >= nextByte) {
            for (Socket s : tricklers) {
              trickleOneByte(s);
            }
            nextByte += TRICKLE_EVERY.toNanos();
          }
          Thread.sleep(50);
        }
        probes.stop.set(true);
        prober.join();

        assertThat(probes.failures).as("probes that did not answer 200").isEmpty();
        assertThat(probes.answered).as("probes answered").isGreaterThan(20);
        long cut = tricklers.stream().filter(SlowClientsTest::wasCut).count();
        assertThat(cut).as("tricklers cut by the server within %s", WINDOW).isEqualTo(TRICKLERS);
      } finally {
        for (Socket s : tricklers) {
          s.close();
        }
      }
      // The server still serves after the tricklers are gone.
      assertThat(server.http().get("/health").status()).isEqualTo(200);
    }
  }

  /** The experiment id and run id of a new run. */
  private static String[] createRun(Http http) {
    String experimentId =
        http.mlflowPost("experiments/create", "{\"name\":\"slow\"}")
            .json()
            .path("experiment_id")
            .asText();
    String runId =
        http.mlflowPost("runs/create", "{\"experiment_id\":\"" + experimentId + "\"}")
            .json()
            .path("run")
            .path("info")
            .path("run_id")
            .asText();
    return new String[] {experimentId, runId};
  }

  private static Socket startTrickle(int port, String artifactPath) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    String head =
        "PUT /api/2.0/mlflow-artifacts/artifacts/"
            + artifactPath
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
            + "Content-Length: 100000\r\n\r\nx";
    s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    return s;
  }

  private static void trickleOneByte(Socket s) {
    try {
      s.getOutputStream().write('x');
      s.getOutputStream().flush();
    } catch (IOException closedByTheServer) {
      // Cut already: wasCut() sees it.
    }
  }

  /** Whether the server answered the trickler or closed its connection. */
  private static boolean wasCut(Socket s) {
    try {
      s.setSoTimeout(200);
      InputStream in = s.getInputStream();
      byte[] head = new byte[12];
      int n = in.read(head);
      if (n < 0) {
        return true;
      }
      String status = new String(head, 0, n, StandardCharsets.US_ASCII);
      assertThat(status).as("the answer to a trickler").startsWith("HTTP/1.1 408");
      return true;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  /** GET /health and runs/get in a loop, each with a 5 s timeout, until stopped. */
  private static final class Probes implements Runnable {
    final AtomicBoolean stop = new AtomicBoolean();
    final List<String> failures = new ArrayList<>();
    int answered;
    private final HttpClient client =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<URI> uris;

    Probes(String base, String runId) {
      uris =
          List.of(
              URI.create(base + "/health"),
              URI.create(base + "/api/2.0/mlflow/runs/get?run_id=" + runId));
    }

    @Override
    public void run() {
      while (!stop.get()) {
        for (URI uri : uris) {
          try {
            HttpResponse<String> r =
                client.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
              answered++;
            } else {
              failures.add(uri.getPath() + " answered " + r.statusCode());
            }
          } catch (IOException e) {
            failures.add(uri.getPath() + ": " + e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
