package io.galley.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Server cold start: the time from starting the server process to its {@code GET /health} answering
 * 200, polled every 10 ms up to a deadline. The server runs as a child process ({@code sh -c "exec
 * <cmd>"}) and is stopped after each start: destroy, then destroyForcibly.
 */
final class ColdStartBench {
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

  record Options(
      String serverCmd,
      Path workDir,
      int times,
      int deadlineSeconds,
      int pollMillis,
      int stopSeconds) {
    static Options from(Flags flags) {
      return new Options(
          flags.required("server-cmd"),
          Path.of(flags.string("work-dir", ".")),
          flags.integer("times", 5, 1),
          flags.integer("deadline-seconds", 120, 1),
          flags.integer("poll-ms", 10, 1),
          flags.integer("stop-seconds", 10, 1));
    }
  }

  private final URI health;
  private final Options options;
  private final AtomicReference<Process> child = new AtomicReference<>();

  ColdStartBench(URI base, Options options) {
    this.health = base.resolve("/health");
    this.options = options;
  }

  Report run() {
    Path logs;
    try {
      logs = Files.createTempDirectory("galley-bench-coldstart-");
    } catch (IOException e) {
      throw new BenchException("cannot create a directory for the server logs: " + e, e);
    }
    Thread hook = new Thread(() -> stop(child.get()), "bench-coldstart-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    probe(newProbeClient()); // loads the HTTP client's classes before anything is timed
    double[] millis = new double[options.times()];
    try {
      for (int i = 0; i < millis.length; i++) {
        millis[i] = once(logs.resolve("server-" + (i + 1) + ".log"));
        System.err.printf("  coldstart %d/%d: %.0f ms%n", i + 1, millis.length, millis[i]);
      }
    } finally {
      stop(child.getAndSet(null));
      Runtime.getRuntime().removeShutdownHook(hook);
    }
    double[] sorted = millis.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;

    List<String> lines = new ArrayList<>();
    lines.add(
        "coldstart: `"
            + options.serverCmd()
            + "` (in "
            + options.workDir().toAbsolutePath().normalize()
            + "), process start to GET "
            + health
            + " = 200, polled every "
            + options.pollMillis()
            + " ms");
    lines.add(
        String.format(
            "  median %.0f ms over %d starts (min %.0f ms, max %.0f ms); each: %s; server logs in"
                + " %s",
            median, n, sorted[0], sorted[n - 1], Arrays.toString(round(millis)), logs));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("bench", "coldstart");
    json.put("health", health.toString());
    json.put("server_cmd", options.serverCmd());
    json.put("times", n);
    json.put("median_ms", Math.round(median));
    json.put("min_ms", Math.round(sorted[0]));
    json.put("max_ms", Math.round(sorted[n - 1]));
    json.put("each_ms", round(millis));
    return new Report(lines, json);
  }

  private double once(Path log) {
    HttpClient probeClient = newProbeClient();
    if (probe(probeClient) >= 0) {
      throw new BenchException(
          "something already answers on "
              + health
              + "; stop it, or point --uri and --server-cmd at a free port");
    }
    ProcessBuilder builder =
        new ProcessBuilder("/bin/sh", "-c", "exec " + options.serverCmd())
            .directory(options.workDir().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    long start = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new BenchException("cannot start `" + options.serverCmd() + "`: " + e, e);
    }
    child.set(process);
    long deadline = start + TimeUnit.SECONDS.toNanos(options.deadlineSeconds());
    long poll = TimeUnit.MILLISECONDS.toNanos(options.pollMillis());
    try {
      for (long next = start; ; next += poll) {
        if (probe(probeClient) == 200) {
          return (System.nanoTime() - start) / 1e6;
        }
        if (!process.isAlive()) {
          throw new BenchException(
              "the server exited with code "
                  + process.exitValue()
                  + " before answering; its output:\n"
                  + tail(log));
        }
        long now = System.nanoTime();
        if (now > deadline) {
          throw new BenchException(
              "no 200 from "
                  + health
                  + " within "
                  + options.deadlineSeconds()
                  + " s; server output:\n"
                  + tail(log));
        }
        long sleep = Math.max(next + poll - now, 0);
        TimeUnit.NANOSECONDS.sleep(sleep);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted", e);
    } finally {
      stop(child.getAndSet(null));
      awaitPortClosed(probeClient);
    }
  }

  /** The status of GET /health, or -1 when nothing answers. */
  private int probe(HttpClient probeClient) {
    HttpRequest request = HttpRequest.newBuilder(health).timeout(PROBE_TIMEOUT).GET().build();
    try {
      return probeClient.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private void awaitPortClosed(HttpClient probeClient) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.stopSeconds());
    while (probe(probeClient) >= 0 && System.nanoTime() < deadline) {
      try {
        TimeUnit.MILLISECONDS.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Stops the process and whatever it started: destroy, wait, then destroyForcibly. */
  private void stop(Process process) {
    if (process == null) {
      return;
    }
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    all.add(process.toHandle());
    all.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.stopSeconds());
    for (ProcessHandle handle : all) {
      long left = deadline - System.nanoTime();
      try {
        handle.onExit().get(Math.max(left, 0), TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        handle.destroyForcibly();
      }
    }
    try {
      process.waitFor(options.stopSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static HttpClient newProbeClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(PROBE_TIMEOUT)
        .build();
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  private static long[] round(double[] millis) {
    return Arrays.stream(millis).mapToLong(Math::round).toArray();
  }
}
