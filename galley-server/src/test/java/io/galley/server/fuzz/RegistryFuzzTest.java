package io.galley.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.server.Http;
import io.galley.server.TestServer;
import io.galley.server.fuzz.WireClient.Answer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded fuzz of the {@code /v2/} API over real HTTP and H2: wrong, missing, oversized and
 * malicious names, references, digests, query parameters, headers and bodies. Every answer is below
 * 500 and every error is the distribution spec's JSON body; afterwards the seeded image pulls back
 * byte for byte, and every tag in the registry names a manifest whose blobs are all served.
 *
 * <p>Replay: {@code -Dfuzz.seed=S}; {@code -Dfuzz.cases=N} changes how many cases are sent.
 */
class RegistryFuzzTest {
  private static final long SEED = Long.getLong("fuzz.seed", 20261201L);
  private static final int CASES = Integer.getInteger("fuzz.cases", 3000);
  private static final String REPO = "team/seeded";
  private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  private final List<String> seededDigests = new ArrayList<>();
  private byte[] seededManifest;

  @Test
  void badRegistryRequestsAreClientErrorsAndChangeNothing(@TempDir Path dir) throws IOException {
    try (TestServer server = TestServer.h2(dir)) {
      WireClient wire = new WireClient(server.server().port());
      seed(wire);
      Random random = new Random(SEED);
      Map<Integer, Integer> statuses = new TreeMap<>();
      List<String> failures = new ArrayList<>();
      for (int i = 0; i < CASES; i++) {
        FuzzRequest request = generate(random);
        Answer answer = wire.send(request);
        statuses.merge(answer.status(), 1, Integer::sum);
        String problem = problem(request, answer);
        if (problem != null && failures.size() < 25) {
          failures.add(
              "case "
                  + i
                  + ": "
                  + request.method()
                  + " "
                  + request.target()
                  + " "
                  + request.headers()
                  + " -> "
                  + answer.status()
                  + " "
                  + abbreviate(answer.body())
                  + ": "
                  + problem);
        }
      }
      assertThat(failures).as("statuses %s", statuses).isEmpty();
      // Most cases are refusals; some (reads, fresh uploads) succeed.
      assertThat(statuses.keySet()).contains(400, 404);
      checkConsistent(wire);
    }
  }

  private void seed(WireClient wire) {
    byte[] config =
        "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
    byte[] layer = new byte[4096];
    new Random(1).nextBytes(layer);
    String c = pushBlob(wire, config);
    String l = pushBlob(wire, layer);
    seededManifest =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + OCI_MANIFEST
                + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                + c
                + "\",\"size\":"
                + config.length
                + "},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\""
                + l
                + "\",\"size\":"
                + layer.length
                + "}]}")
            .getBytes(StandardCharsets.UTF_8);
    Answer put =
        wire.send(
            new FuzzRequest(
                "PUT",
                "/v2/" + REPO + "/manifests/seeded",
                seededManifest,
                OCI_MANIFEST,
                false,
                "seed"));
    assertThat(put.status()).as(put.body()).isEqualTo(201);
    seededDigests.add(c);
    seededDigests.add(l);
    seededDigests.add(sha256(seededManifest));
  }

  private static String pushBlob(WireClient wire, byte[] bytes) {
    String digest = sha256(bytes);
    Answer a =
        wire.send(
            new FuzzRequest(
                "POST",
                "/v2/" + REPO + "/blobs/uploads/?digest=" + digest,
                bytes,
                "application/octet-stream",
                false,
                "seed blob"));
    assertThat(a.status()).as(a.body()).isEqualTo(201);
    return digest;
  }

  private FuzzRequest generate(Random r) {
    String method =
        pick(r, "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "GET", "PUT");
    String name =
        pick(
            r,
            REPO,
            REPO,
            "team/other",
            "UPPER/case",
            "a//b",
            "..",
            "%2e%2e/%2e%2e",
            "a/%00/b",
            "ok/../../etc",
            "x".repeat(300),
            "caf%C3%A9",
            "-lead",
            "a__b",
            "a/b/c/d/e/f");
    String arg =
        pick(
            r,
            seededDigests.get(r.nextInt(seededDigests.size())),
            "seeded",
            "sha256:" + "0".repeat(64),
            "sha256:XYZ",
            "md5:abc",
            "sha256:" + "a".repeat(63),
            "sha512:" + "b".repeat(128),
            "../../../../etc/passwd",
            "%2e%2e%2fetc",
            "t".repeat(200),
            ".hidden",
            "",
            "0f0e6b1c-4f3a-4bd5-9b0c-1d2e3f405060",
            "not-a-uuid",
            "latest");
    String shape =
        pick(
            r,
            "blobs/" + arg,
            "manifests/" + arg,
            "tags/list",
            "blobs/uploads/",
            "blobs/uploads/" + arg,
            "referrers/" + arg,
            "nonsense/" + arg);
    String target = r.nextInt(12) == 0 ? "/v2/_catalog" : "/v2/" + name + "/" + shape;
    if (r.nextBoolean()) {
      target +=
          "?"
              + pick(
                  r,
                  "digest=" + arg,
                  "digest=sha256:" + "1".repeat(64),
                  "mount=" + arg + "&from=" + name,
                  "mount=" + seededDigests.get(0) + "&from=UPPER",
                  "n=-1",
                  "n=abc",
                  "n=99999999999",
                  "n=2&last=%00",
                  "last=" + "z".repeat(500),
                  "artifactType=%0d%0aX-Injected:1",
                  "digest=");
    }
    List<String> headers = new ArrayList<>();
    if (r.nextInt(3) == 0) {
      headers.add(
          pick(
              r,
              "Range: bytes=999999-",
              "Range: bytes=5-2",
              "Range: bytes=-0",
              "Range: garbage",
              "Content-Range: 5-2",
              "Content-Range: 0-99999999999999999999",
              "Content-Range: abc",
              "Content-Range: 100-200",
              "Accept: text/html",
              "Accept: */*, application/vnd.oci.image.index.v1+json;q=0.1"));
    }
    byte[] body =
        switch (r.nextInt(7)) {
          case 0 -> null;
          case 1 -> new byte[0];
          case 2 -> "{not json".getBytes(StandardCharsets.UTF_8);
          case 3 -> randomBytes(r, r.nextInt(5000));
          case 4 ->
              ("{\"schemaVersion\":2,\"mediaType\":\""
                      + OCI_MANIFEST
                      + "\",\"config\":{"
                      + "\"mediaType\":\"a/b\",\"digest\":\"sha256:"
                      + "2".repeat(64)
                      + "\",\"size\":1},\"layers\":[]}")
                  .getBytes(StandardCharsets.UTF_8);
          case 5 ->
              ("[" + "[".repeat(5000) + "]".repeat(5000) + "]").getBytes(StandardCharsets.UTF_8);
          default -> r.nextInt(40) == 0 ? new byte[4 * 1024 * 1024 + 10] : randomBytes(r, 10);
        };
    if (method.equals("DELETE") && target.startsWith("/v2/" + REPO + "/")) {
      // Deleting the seeded image is a legitimate request; aim deletes at nothing there.
      target = "/v2/" + REPO + "/manifests/sha256:" + "3".repeat(64);
    }
    if (method.equals("PUT")
        && target.startsWith("/v2/" + REPO + "/manifests/")
        && body != null
        && new String(body, StandardCharsets.UTF_8).contains("\"layers\":[]")) {
      // A well-formed manifest with a missing config: must be refused, so it cannot retag.
      headers.add("X-Fuzz: missing-config");
    }
    String contentType =
        r.nextBoolean()
            ? OCI_MANIFEST
            : pick(r, "application/octet-stream", "text/plain", "a/b;c=d");
    return new FuzzRequest(
        method, target, body, contentType, false, "registry fuzz", headers, true);
  }

  private static String problem(FuzzRequest request, Answer answer) {
    if (answer.status() >= 500) {
      return "a server error";
    }
    // Jetty refuses a path with a NUL escape while parsing, before any path is known to it, so
    // that one refusal carries the server's general (MLflow) error body; it is still a 400.
    boolean undecodable = request.target().split("\\?", 2)[0].contains("%00");
    if (undecodable && answer.status() != 400) {
      return "a path with a NUL escape was not refused";
    }
    if (answer.status() >= 400 && !request.method().equals("HEAD") && !undecodable) {
      try {
        JsonNode errors = Http.JSON.readTree(answer.body()).path("errors");
        if (!errors.isArray()
            || errors.isEmpty()
            || errors.get(0).path("code").asText().isEmpty()) {
          return "not the spec's error body";
        }
      } catch (IOException e) {
        return "an error that is not JSON";
      }
    }
    if (request.headers().contains("X-Fuzz: missing-config") && answer.status() < 300) {
      return "a manifest naming a missing config was accepted";
    }
    return null;
  }

  /** The seeded image is intact, and every tag anywhere names a fully served manifest. */
  private void checkConsistent(WireClient wire) throws IOException {
    Answer seeded =
        wire.send(
            new FuzzRequest(
                "GET", "/v2/" + REPO + "/manifests/seeded", null, null, false, "check"));
    assertThat(seeded.status()).isEqualTo(200);
    assertThat(seeded.body().getBytes(StandardCharsets.UTF_8)).isEqualTo(seededManifest);
    JsonNode catalog =
        Http.JSON.readTree(
            wire.send(new FuzzRequest("GET", "/v2/_catalog", null, null, false, "check")).body());
    for (JsonNode repo : catalog.path("repositories")) {
      Answer tags =
          wire.send(
              new FuzzRequest(
                  "GET", "/v2/" + repo.asText() + "/tags/list", null, null, false, "check"));
      for (JsonNode tag : Http.JSON.readTree(tags.body()).path("tags")) {
        Answer m =
            wire.send(
                new FuzzRequest(
                    "GET",
                    "/v2/" + repo.asText() + "/manifests/" + tag.asText(),
                    null,
                    null,
                    false,
                    "check"));
        assertThat(m.status()).as(repo + ":" + tag).isEqualTo(200);
        JsonNode doc = Http.JSON.readTree(m.body());
        List<String> needed = new ArrayList<>();
        needed.add(doc.path("config").path("digest").asText());
        doc.path("layers").forEach(l -> needed.add(l.path("digest").asText()));
        for (String d : needed) {
          Answer b =
              wire.send(
                  new FuzzRequest(
                      "HEAD", "/v2/" + repo.asText() + "/blobs/" + d, null, null, false, "check"));
          assertThat(b.status()).as(repo + ":" + tag + " needs " + d).isEqualTo(200);
        }
      }
    }
    assertThat(catalog.path("repositories").toString()).contains(REPO);
  }

  private static byte[] randomBytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  @SafeVarargs
  private static <T> T pick(Random r, T... options) {
    return options[r.nextInt(options.length)];
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

  private static String sha256(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
