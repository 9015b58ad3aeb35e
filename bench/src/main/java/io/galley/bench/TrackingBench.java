package io.galley.bench;

import io.galley.client.GalleyClient;
import io.galley.client.GalleyClientException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Load generator for a tracking server speaking MLflow's REST API 2.0 (Galley or MLflow).
 * Sub-commands: ingest, search, history, sdk, coldstart. Each prints a human summary, then one JSON
 * line. Exit codes: 0 done, 1 the bench failed (server error, deadline), 2 bad usage.
 */
public final class TrackingBench {
  static final String USAGE =
"""
Usage: java -jar bench/target/galley-bench.jar <command> [--uri http://127.0.0.1:7070] [flags]

Commands (flags with their defaults):
  ingest     log-batch ingest, 1000 points/request (10 keys x 100 steps, a new run each)
               --threads 1,4  --warmup-requests 10 (per thread)
               --seconds 10 | --requests N (in all, per thread count)  --seed 42
  search     runs/search {filter "metrics.m > 0.5", order_by "metrics.m DESC", max 100}
               --runs 1000  --seed-threads 8  --warmup 10  --repeats 100  --seed 42
               --experiment-id ID (reuse a seeded experiment, skip seeding)
               --repeats 0 (seed only)
  many-clauses  runs/search with --clauses AND clauses over --runs runs (5 metrics, params and
             tags each), ordered by metrics.m0 DESC, max 100; --shape mixed (every run passes
             every clause) or absent (each clause names a metric no run has)
               --runs 100000  --clauses 500  --shape mixed  --seed-threads 8  --warmup 1
               --repeats 5  --seed 42  --experiment-id ID (reuse, skip seeding)
  history    metrics/get-history of one metric with --points 10000
               --warmup 5  --repeats 50  --seed 42
  sdk        the Java SDK's logMetric from one thread (10 metrics per step), per buffer size:
             caller ns/point (wall and CPU) and points/s until the server has them all
               --points 1000000  --warmup-points 200000  --buffers 32768,262144,1048576
               --work-us-per-step 0,50 (busy work per step of 10 points; 0 = a tight loop)
  coldstart  start the server, time process start -> GET <uri>/health = 200
               --server-cmd "CMD" (required; run as sh -c "exec CMD")
               --times 5  --deadline-seconds 120  --poll-ms 10  --stop-seconds 10
               --work-dir .
  slow-clients  --clients uploads from one address trickling a byte every --trickle-every-ms,
             while GET /health and runs/get are timed in turn
               --clients 1000  --trickle-every-ms 5000  --seconds 30  --probe-every-ms 100

Common: --uri (loopback only)  --timeout-seconds 120 (per HTTP request)
        --token T (a server with access control; default GALLEY_TOKEN, which sdk reads too)
Output: a human summary, then one JSON line starting with {"bench":
""";

  private TrackingBench() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    if (args.length == 0 || List.of("help", "-h", "--help").contains(args[0])) {
      System.out.print(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    try {
      Flags flags = Flags.parse(Arrays.asList(args).subList(1, args.length));
      URI uri = loopbackUri(flags.string("uri", "http://127.0.0.1:7070"));
      Duration timeout = Duration.ofSeconds(flags.integer("timeout-seconds", 120, 1));
      String token = flags.string("token", System.getenv().getOrDefault("GALLEY_TOKEN", ""));
      GalleyClient client = BenchRequests.client(uri, timeout, token);
      Report report =
          switch (args[0]) {
            case "ingest" ->
                prepared(flags, new IngestBench(client, IngestBench.Options.from(flags))).run();
            case "search" ->
                prepared(flags, new SearchBench(client, SearchBench.Options.from(flags))).run();
            case "many-clauses" ->
                prepared(flags, new ManyClausesBench(client, ManyClausesBench.Options.from(flags)))
                    .run();
            case "history" ->
                prepared(flags, new HistoryBench(client, HistoryBench.Options.from(flags))).run();
            case "sdk" ->
                prepared(flags, new SdkBench(uri, client, SdkBench.Options.from(flags))).run();
            case "coldstart" ->
                prepared(flags, new ColdStartBench(uri, ColdStartBench.Options.from(flags))).run();
            case "slow-clients" ->
                prepared(
                        flags,
                        new SlowClientsBench(uri, client, SlowClientsBench.Options.from(flags)))
                    .run();
            default -> throw new UsageException("unknown command '" + args[0] + "'");
          };
      report.print(System.out);
      return 0;
    } catch (UsageException e) {
      System.err.println("bench: " + e.getMessage());
      System.err.println("Run 'java -jar bench/target/galley-bench.jar --help'");
      return 2;
    } catch (BenchException | GalleyClientException e) {
      System.err.println("bench failed: " + e.getMessage());
      return 1;
    }
  }

  /** Refuses unknown flags before any request is sent. */
  private static <T> T prepared(Flags flags, T bench) {
    flags.checkAllUsed();
    return bench;
  }

  /** Experiment names unique per bench run, so runs never mix with an earlier bench's. */
  static String uniqueName(String kind) {
    return "galley-bench-"
        + kind
        + "-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
        + "-"
        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000));
  }

  private static URI loopbackUri(String raw) {
    URI uri;
    try {
      uri = URI.create(raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--uri is not a URI: " + raw);
    }
    if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new UsageException("--uri wants http://HOST:PORT, got " + raw);
    }
    try {
      if (!InetAddress.getByName(uri.getHost()).isLoopbackAddress()) {
        throw new UsageException(
            "--uri must be a loopback address (127.0.0.1, localhost), got "
                + uri.getHost()
                + ": the bench loads a server hard");
      }
    } catch (UnknownHostException e) {
      throw new UsageException("--uri host unknown: " + uri.getHost());
    }
    return uri;
  }
}
