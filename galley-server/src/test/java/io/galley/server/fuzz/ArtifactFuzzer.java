package io.galley.server.fuzz;

import static io.galley.server.fuzz.BadValues.pick;

import io.galley.server.Http;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Requests to the artifact endpoints: the proxy ({@code PUT|GET|DELETE <exp>/<run>/artifacts/…} and
 * its listing), {@code artifacts/list} and {@code get-artifact}. Paths that leave the tree however
 * they are spelt, runs that do not exist, are deleted or live in another experiment, garbage
 * conditional and range headers on real files, wrong methods, bodies on GET and DELETE. Every write
 * sent here must be refused; only reads of seeded files may answer with bytes.
 */
final class ArtifactFuzzer {
  static final List<String> PROXIES =
      List.of(SeedState.PROXY, "/ajax-api/2.0/mlflow-artifacts/artifacts");
  static final List<String> GET_ARTIFACT =
      List.of("/get-artifact", "/ajax-api/2.0/mlflow/get-artifact");
  static final List<String> LIST =
      List.of("/api/2.0/mlflow/artifacts/list", "/ajax-api/2.0/mlflow/artifacts/list");

  /**
   * Path pieces as written on the wire after {@code <run root>/}. The server must refuse each one:
   * it leaves the tree (once decoded, or decoded again), is not UTF-8, or is no normal path. Raw
   * {@code ..} only climbs out of the proxy, since Jetty resolves dot segments before routing.
   */
  static final List<String> BAD_PIECES =
      List.of(
          "../../../../../../../etc/passwd",
          "%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
          "notes/%2e%2e/notes/readme.txt",
          "notes/%2E%2e/%2e%2E/%2e%2e/x",
          "notes/%252e%252e/notes/readme.txt",
          "notes/%25252e%25252e/notes/readme.txt",
          "notes%2f..%2fnotes%2freadme.txt",
          "..%2f..%2f..%2fetc%2fpasswd",
          "%2fetc%2fpasswd",
          "/etc/passwd",
          "notes%5c..%5c..%5cwindows",
          "notes\\readme.txt",
          "..\\..\\..\\etc\\passwd",
          "%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
          "notes/%c0%afreadme.txt",
          "%e0%80%ae%e0%80%ae/x",
          "notes/%ff%fe",
          "notes/readme.txt%00",
          "notes/readme.txt%00.png",
          "notes/%2e/readme.txt",
          "notes//readme.txt",
          "notes/readme.txt/",
          "notes/%zz",
          "notes/%",
          "notes/%1",
          "notes/%0a/readme.txt",
          "notes/%7f");

  /** Values of a {@code path} query parameter (encoded when sent) that must be refused. */
  static final List<String> BAD_QUERY_PATHS =
      List.of(
          "..",
          "../..",
          "notes/../../..",
          "notes/../notes",
          "/etc/passwd",
          "/",
          "notes/",
          "notes//readme.txt",
          "./notes",
          "%2e%2e",
          "%252e%252e/x",
          "notes%2f..%2f..",
          "..\\..\\windows",
          "notes\\readme.txt",
          "notes\u0000x",
          "notes/\u007f");

  private static final List<String> RANGES =
      List.of(
          "bytes=0-0",
          "bytes=-1",
          "bytes=3-",
          "bytes=5-2",
          "bytes=-0",
          "bytes=0-",
          "bytes=999999999-",
          "bytes=9223372036854775807-",
          "bytes=9223372036854775807-9223372036854775807",
          "bytes=99999999999999999999-",
          "bytes=-9223372036854775807",
          "bytes=-9999999999999999999",
          "bytes=0-9999999999999999999",
          "bytes=0-1,2-3",
          "bytes=0-1, 5-",
          "items=0-1",
          "bytes=",
          "bytes=-",
          "bytes=--1",
          "bytes=1--2",
          "bytes = 1 - 2",
          "BYTES=0-1",
          "bytes=\u00e9-\u00ff",
          "bytes=0x10-0x20",
          "bytes=1.5-2",
          "=",
          "");

  private static final List<String> VALIDATORS =
      List.of(
          "*",
          "W/*",
          ",,,",
          "\"",
          "\"\"",
          "W/\"sha256:00\"",
          "\"sha256:" + "0".repeat(64) + "\"",
          "garbage",
          "Wed, 21 Oct 2015 07:28:00 GMT",
          "\u00e9t\u00e9",
          "x".repeat(3000),
          "");

  private static final List<String> WRONG_FILE_METHODS =
      List.of("POST", "PATCH", "BREW", "OPTIONS", "TRACE");

  private final SeedState seed;

  ArtifactFuzzer(SeedState seed) {
    this.seed = seed;
  }

  FuzzRequest next(Random r) {
    return switch (r.nextInt(10)) {
      case 0, 1 -> badPath(r);
      case 2 -> wrongPlace(r);
      case 3, 4 -> conditionalDownload(r);
      case 5 -> refusedPut(r);
      case 6 -> badListing(r);
      case 7 -> wrongMethod(r);
      case 8 -> hugePath(r);
      default -> bodyOnReadOrDelete(r);
    };
  }

  /** GET, PUT or DELETE of a path that leaves the tree or is no path at all. */
  private FuzzRequest badPath(Random r) {
    String method = pick(r, List.of("GET", "PUT", "DELETE"));
    String target = pick(r, PROXIES) + "/" + root(r) + "/" + pick(r, BAD_PIECES);
    return withBodyFor(r, method, target, "traversal or bad path");
  }

  /** A seeded file's path under an unknown run, a deleted experiment or another experiment. */
  private FuzzRequest wrongPlace(Random r) {
    int run = r.nextInt(4);
    String file = pick(r, SeedState.ARTIFACTS);
    String runId = seed.runIds().get(run);
    String exp = seed.runExperimentIds().get(run);
    String other = otherExperiment(run);
    String where =
        switch (r.nextInt(7)) {
          case 0 -> other + "/" + runId + "/artifacts/" + file;
          case 1 -> seed.deletedExperiment() + "/" + runId + "/artifacts/" + file;
          case 2 -> exp + "/" + "0123456789abcdef0123456789abcdef" + "/artifacts/" + file;
          case 3 -> exp + "/" + runId.toUpperCase(java.util.Locale.ROOT) + "/artifacts/" + file;
          case 4 -> exp + "/" + runId + "/artifact/" + file;
          case 5 -> exp + "/" + runId;
          default -> "999999/" + runId + "/artifacts/" + file;
        };
    String method = pick(r, List.of("GET", "PUT", "DELETE"));
    if (r.nextInt(4) == 0) {
      String gone = r.nextBoolean() ? "0123456789abcdef0123456789abcdef" : "nope";
      return FuzzRequest.of(
          "GET",
          pick(r, GET_ARTIFACT) + "?run_uuid=" + gone + "&path=" + Http.q(file),
          null,
          true,
          "get-artifact of an unknown run");
    }
    return withBodyFor(r, method, pick(r, PROXIES) + "/" + where, "wrong run or experiment");
  }

  /** A real file (also of the deleted run) with garbage Range, If-Range and If-None-Match. */
  private FuzzRequest conditionalDownload(Random r) {
    int run = r.nextInt(4);
    String file = pick(r, SeedState.ARTIFACTS);
    String target =
        r.nextBoolean()
            ? pick(r, PROXIES) + "/" + seed.root(run) + "/" + file
            : pick(r, GET_ARTIFACT)
                + "?run_uuid="
                + seed.runIds().get(run)
                + "&path="
                + Http.q(file);
    List<String> headers = new ArrayList<>();
    if (r.nextInt(4) != 0) {
      headers.add("Range: " + pick(r, RANGES));
    }
    if (r.nextInt(3) == 0) {
      headers.add("If-Range: " + pick(r, VALIDATORS));
    }
    if (r.nextInt(3) == 0) {
      headers.add("If-None-Match: " + pick(r, VALIDATORS));
    }
    return FuzzRequest.of("GET", target, null, false, "download with odd headers")
        .withHeaders(headers)
        .allowingFile();
  }

  /** A PUT with a random body that must be refused: bad path, deleted run, no file name. */
  private FuzzRequest refusedPut(Random r) {
    String where =
        switch (r.nextInt(5)) {
          case 0 -> seed.root(2) + "/" + pick(r, SeedState.ARTIFACTS);
          case 1 -> seed.root(2) + "/fresh/new.bin";
          case 2 -> seed.root(r.nextInt(4));
          case 3 -> seed.root(r.nextInt(4)) + "/";
          default -> seed.root(r.nextInt(4)) + "/" + pick(r, BAD_PIECES);
        };
    return put(r, pick(r, PROXIES) + "/" + where, "refused put");
  }

  /** Listings of paths that leave the tree: each of the three listing forms refuses them. */
  private FuzzRequest badListing(Random r) {
    int run = r.nextInt(4);
    String bad = pick(r, BAD_QUERY_PATHS);
    String target =
        switch (r.nextInt(3)) {
          case 0 -> pick(r, PROXIES) + "?path=" + Http.q(seed.root(run) + "/" + bad);
          case 1 -> pick(r, LIST) + "?run_id=" + seed.runIds().get(run) + "&path=" + Http.q(bad);
          default ->
              pick(r, GET_ARTIFACT)
                  + "?run_uuid="
                  + seed.runIds().get(run)
                  + "&path="
                  + Http.q(bad);
        };
    return FuzzRequest.of("GET", target, null, true, "listing or download of an unsafe path");
  }

  /** Methods no artifact route has, on targets that name real runs and files. */
  private FuzzRequest wrongMethod(Random r) {
    int run = r.nextInt(4);
    String file = pick(r, SeedState.ARTIFACTS);
    String query = "?run_id=" + seed.runIds().get(run) + "&run_uuid=" + seed.runIds().get(run);
    return switch (r.nextInt(4)) {
      case 0 ->
          FuzzRequest.of(
              pick(r, WRONG_FILE_METHODS),
              pick(r, PROXIES) + "/" + seed.root(run) + "/" + file,
              r.nextBoolean() ? "replaced" : null,
              true,
              "wrong method on a file");
      case 1 ->
          FuzzRequest.of(
              pick(r, List.of("PUT", "POST", "DELETE", "PATCH")),
              pick(r, PROXIES) + "?path=" + Http.q(seed.root(run) + "/" + file),
              r.nextBoolean() ? "replaced" : null,
              true,
              "wrong method on the proxy listing");
      case 2 ->
          FuzzRequest.of(
              pick(r, List.of("PUT", "POST", "DELETE")),
              pick(r, GET_ARTIFACT) + query + "&path=" + Http.q(file),
              r.nextBoolean() ? "replaced" : null,
              true,
              "wrong method on get-artifact");
      default ->
          FuzzRequest.of(
              pick(r, List.of("PUT", "POST", "DELETE")),
              pick(r, LIST) + query + "&path=notes",
              r.nextBoolean() ? "{\"run_id\":\"" + seed.runIds().get(run) + "\"}" : null,
              true,
              "wrong method on artifacts/list");
    };
  }

  /** Paths past ArtifactPath.MAX_LENGTH (4096), some past Jetty's 8 kB request line. */
  private FuzzRequest hugePath(Random r) {
    int length = r.nextInt(6) == 0 ? 9_000 + r.nextInt(4_000) : 4_097 + r.nextInt(3_500);
    String segment = pick(r, List.of("a/", "abcdefghij/", "\u00e9/", "%41/"));
    String decoded = segment.equals("%41/") ? "A/" : segment;
    StringBuilder tail = new StringBuilder();
    while (tail.length() < length) { // the decoded length: the limit is on the decoded path
      tail.append(decoded);
    }
    tail.append("x");
    String wire =
        switch (segment) {
          case "\u00e9/" -> Http.q(tail.toString()).replace("%2F", "/");
          case "%41/" -> tail.toString().replace("A", "%41");
          default -> tail.toString();
        };
    int run = r.nextInt(4);
    if (r.nextInt(4) == 0) {
      return FuzzRequest.of(
          "GET",
          pick(r, LIST) + "?run_id=" + seed.runIds().get(run) + "&path=" + Http.q(tail.toString()),
          null,
          true,
          "huge listing path");
    }
    String method = pick(r, List.of("GET", "PUT", "DELETE"));
    return withBodyFor(
        r, method, pick(r, PROXIES) + "/" + seed.root(run) + "/" + wire, "huge path");
  }

  /** A body on a GET of a real file (answered as a read) or on a DELETE that must be refused. */
  private FuzzRequest bodyOnReadOrDelete(Random r) {
    int run = r.nextInt(4);
    if (r.nextBoolean()) {
      return FuzzRequest.of(
              "GET",
              pick(r, PROXIES) + "/" + seed.root(run) + "/" + pick(r, SeedState.ARTIFACTS),
              null,
              false,
              "GET of a file with a body")
          .withBody(randomBytes(r))
          .withContentType(pick(r, List.of("application/octet-stream", "application/json")))
          .allowingFile();
    }
    String where =
        r.nextBoolean()
            ? seed.root(run) + "/" + pick(r, BAD_PIECES)
            : otherExperiment(run)
                + "/"
                + seed.runIds().get(run)
                + "/artifacts/"
                + pick(r, SeedState.ARTIFACTS);
    return FuzzRequest.of(
            "DELETE", pick(r, PROXIES) + "/" + where, null, true, "DELETE with a body")
        .withBody(randomBytes(r))
        .withContentType("application/octet-stream");
  }

  private FuzzRequest withBodyFor(Random r, String method, String target, String what) {
    if (method.equals("PUT")) {
      return put(r, target, what);
    }
    FuzzRequest request = FuzzRequest.of(method, target, null, true, what);
    return r.nextInt(4) == 0 ? request.withBody(randomBytes(r)) : request;
  }

  private static FuzzRequest put(Random r, String target, String what) {
    return FuzzRequest.of("PUT", target, null, true, what)
        .withBody(randomBytes(r))
        .withContentType(
            pick(
                r,
                List.of(
                    "application/octet-stream", "text/plain", "application/x-www-form-urlencoded")))
        .describedAs("random body");
  }

  /** Up to 64 kB of random bytes, now and then a megabyte. */
  private static byte[] randomBytes(Random r) {
    byte[] bytes =
        new byte[r.nextInt(40) == 0 ? 1 << 20 : r.nextInt(r.nextBoolean() ? 64 : 65_536)];
    r.nextBytes(bytes);
    return bytes;
  }

  /** An active experiment the run does not belong to. */
  private String otherExperiment(int run) {
    String exp = seed.runExperimentIds().get(run);
    return exp.equals(seed.activeExperiment())
        ? seed.runExperimentIds().get(2)
        : seed.activeExperiment();
  }

  private String root(Random r) {
    return seed.root(r.nextInt(4));
  }
}
