package io.galley.bench;

import io.galley.client.GalleyClient;
import io.galley.client.GalleyClientException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Slow clients: {@code --clients} artifact uploads from one address that each send one byte every
 * {@code --trickle-every-ms}, as the abuse report did; meanwhile one client times {@code GET
 * /health} and {@code runs/get} in turn. Reports both latencies, the probes that failed, and how
 * many tricklers the server had cut (answered or closed) by the end.
 */
final class SlowClientsBench {
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

  record Options(int clients, int trickleEveryMs, int seconds, int probeEveryMs) {
    static Options from(Flags flags) {
      return new Options(
          flags.integer("clients", 1000, 1),
          flags.integer("trickle-every-ms", 5000, 1),
          flags.integer("seconds", 30, 1),
          flags.integer("probe-every-ms", 100, 1));
    }
  }

  private final URI base;
  private final GalleyClient client;
  private final Options options;

  SlowClientsBench(URI base, GalleyClient client, Options options) {
    this.base = base;
    this.client = client;
    this.options = options;
  }

  Report run() {
    String experiment = client.createExperiment(TrackingBench.uniqueName("slow-clients"));
    String runId = BenchRequests.createRun(client, experiment, System.currentTimeMillis());
    List<Socket> tricklers = new ArrayList<>();
    int refused = 0;
    LongList health = new LongList();
    LongList runsGet = new LongList();
    int failedProbes = 0;
    int cuts = 0;
    try {
      for (int i = 0; i < options.clients(); i++) {
        try {
          tricklers.add(startTrickle(experiment + "/" + runId + "/artifacts/slow/" + i));
        } catch (IOException e) {
          refused++;
        }
      }
      System.err.printf("%d tricklers connected (%d refused)%n", tricklers.size(), refused);
      HttpClient probes = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
      URI healthUri = base.resolve("/health");
      long end = System.nanoTime() + Duration.ofSeconds(options.seconds()).toNanos();
      long nextByte = System.nanoTime() + options.trickleEveryMs() * 1_000_000L;
      while (System.nanoTime() < end) {
        if (System.nanoTime() >= nextByte) {
          for (int i = 0; i < tricklers.size(); i++) {
            Socket s = tricklers.get(i);
            if (answered(s) || !trickleOneByte(s)) {
              // Cut by the server: an attacker comes straight back.
              cuts++;
              tricklers.set(i, reconnect(s, experiment + "/" + runId + "/artifacts/slow/r" + i));
            }
          }
          nextByte += options.trickleEveryMs() * 1_000_000L;
        }
        if (!timeHealth(probes, healthUri, health)) {
          failedProbes++;
        }
        long t0 = System.nanoTime();
        try {
          client.getRun(runId);
          runsGet.add(System.nanoTime() - t0);
        } catch (GalleyClientException e) {
          failedProbes++;
        }
        sleep(options.probeEveryMs());
      }
      long cut = tricklers.stream().filter(SlowClientsBench::wasCut).count();
      Latencies h = Latencies.ofNanos(health.toArray());
      Latencies r = Latencies.ofNanos(runsGet.toArray());
      List<String> lines = new ArrayList<>();
      lines.add(
          String.format(
              "slow-clients: %s, %d uploads trickling a byte every %d ms for %d s (%d refused)",
              base, tricklers.size(), options.trickleEveryMs(), options.seconds(), refused));
      lines.add("  GET /health: " + h.human());
      lines.add("  runs/get:    " + r.human());
      lines.add(
          String.format(
              "  failed probes: %d; tricklers cut and reconnected during the run: %d; cut at the"
                  + " end: %d of %d",
              failedProbes, cuts, cut, tricklers.size()));
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("bench", "slow-clients");
      json.put("uri", base.toString());
      json.put("clients", tricklers.size());
      json.put("refused", refused);
      json.put("trickle_every_ms", options.trickleEveryMs());
      json.put("seconds", options.seconds());
      json.put("health_latency_ms", h.json());
      json.put("runs_get_latency_ms", r.json());
      json.put("failed_probes", failedProbes);
      json.put("tricklers_reconnected", cuts);
      json.put("tricklers_cut_at_end", cut);
      return new Report(lines, json);
    } finally {
      for (Socket s : tricklers) {
        try {
          s.close();
        } catch (IOException ignored) {
          // Closing is best effort: the bench is over.
        }
      }
    }
  }

  private Socket startTrickle(String artifactPath) throws IOException {
    Socket s = new Socket(base.getHost(), base.getPort());
    String head =
        "PUT /api/2.0/mlflow-artifacts/artifacts/"
            + artifactPath
            + " HTTP/1.1\r\nHost: "
            + base.getHost()
            + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\nx";
    s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    return s;
  }

  /** False when the server has closed the connection. */
  private static boolean trickleOneByte(Socket s) {
    try {
      s.getOutputStream().write('x');
      s.getOutputStream().flush();
      return true;
    } catch (IOException cut) {
      return false;
    }
  }

  /** Whether the server has answered on {@code s} (its answer to a trickler is a cut). */
  private static boolean answered(Socket s) {
    try {
      return s.getInputStream().available() > 0;
    } catch (IOException closed) {
      return true;
    }
  }

  private Socket reconnect(Socket cut, String artifactPath) {
    try {
      cut.close();
      return startTrickle(artifactPath);
    } catch (IOException e) {
      throw new BenchException("a trickler could not reconnect: " + e.getMessage(), e);
    }
  }

  private static boolean wasCut(Socket s) {
    try {
      s.setSoTimeout(100);
      InputStream in = s.getInputStream();
      in.read(); // an answer's first byte, or the end of a closed connection
      return true;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  private static boolean timeHealth(HttpClient probes, URI uri, LongList nanos) {
    long t0 = System.nanoTime();
    try {
      HttpResponse<Void> r =
          probes.send(
              HttpRequest.newBuilder(uri).timeout(PROBE_TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() != 200) {
        return false;
      }
      nanos.add(System.nanoTime() - t0);
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted");
    }
  }

  private static void sleep(int millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted");
    }
  }
}
