package io.galley.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.core.artifact.ArtifactPath;
import io.galley.server.ApiTestBase;
import io.galley.server.Http;
import io.galley.server.Http.Resp;
import io.galley.store.blob.GeneratedStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The artifact endpoints with the requests MLflow's Python client sends ({@code
 * mlflow/store/artifact/http_artifact_repo.py}) for a run whose artifact URI is {@code
 * mlflow-artifacts:/<exp>/<run>/artifacts}, over a real H2 store and blob store.
 */
class ArtifactApiTest extends ApiTestBase {
  private static final String PROXY = "/api/2.0/mlflow-artifacts/artifacts";

  private String exp;

  @BeforeAll
  void experiment() {
    exp = createExperiment(unique("artifacts"));
  }

  // --- what the client sends -------------------------------------------------------------

  /** log_artifact: PUT of the file's bytes at artifact_uri/<artifact_path>/<name>. */
  private Resp put(String runId, String relative, byte[] content) {
    return putArtifact(exp, runId, relative, content);
  }

  private HttpResponse<byte[]> download(String path, String... headers) {
    HttpRequest.Builder b = http.request(path).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.exchange(b.build(), BodyHandlers.ofByteArray());
  }

  private String fileUrl(String runId, String relative) {
    return PROXY + "/" + exp + "/" + runId + "/artifacts/" + relative;
  }

  /** list_artifacts: GET .../mlflow-artifacts/artifacts?path=<exp>/<run>/artifacts[/<dir>]. */
  private JsonNode list(String runId, String dir) {
    String path = exp + "/" + runId + "/artifacts" + (dir.isEmpty() ? "" : "/" + dir);
    Resp r = http.get(PROXY + "?path=" + Http.q(path));
    ok(r);
    return r.json();
  }

  // --- upload and download -----------------------------------------------------------------

  /**
   * With MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD the client first asks mpu/create; MLflow's answer for
   * a store without multipart, whose message the client matches, makes it fall back to one PUT.
   */
  @Test
  void multipartUploadIsDeclinedSoTheClientFallsBackToOnePut() {
    String run = createRun(exp);
    String[] endpoints = {
      "/api/2.0/mlflow-artifacts/mpu/create/model",
      "/api/2.0/mlflow-artifacts/mpu/create",
      "/api/2.0/mlflow-artifacts/mpu/complete/model",
      "/api/2.0/mlflow-artifacts/mpu/abort/model",
      "/ajax-api/2.0/mlflow-artifacts/mpu/create/model"
    };
    for (String endpoint : endpoints) {
      Resp r = http.post(endpoint, "{\"path\": \"/tmp/weights.bin\", \"num_parts\": 3}");
      assertError(r, 501, "NOT_IMPLEMENTED");
      assertThat(r.json().get("message").asText())
          .startsWith("Multipart upload is not supported for the current artifact repository");
    }
    ok(put(run, "model/weights.bin", new byte[] {1, 2, 3}));
    assertThat(list(run, "model").at("/files/0/file_size").asLong()).isEqualTo(3);
  }

  @Test
  void logArtifactThenDownloadIt() {
    String run = createRun(exp);
    byte[] content = "hello artifacts\n".getBytes(StandardCharsets.UTF_8);

    Resp r = put(run, "notes/hello.txt", content);
    ok(r);
    assertThat(r.json()).isEqualTo(Http.json("{}"));

    HttpResponse<byte[]> got = download(fileUrl(run, "notes/hello.txt"));
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).isEqualTo(content);
    assertThat(got.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    assertThat(got.headers().firstValueAsLong("Content-Length")).hasValue(content.length);
    assertThat(got.headers().firstValue("ETag")).hasValue("\"sha256:" + sha256(content) + "\"");
    assertThat(got.headers().firstValue("Accept-Ranges")).hasValue("bytes");
    assertThat(got.headers().firstValue("Content-Disposition"))
        .hasValueSatisfying(d -> assertThat(d).startsWith("attachment; filename=\"hello.txt\""));
  }

  @Test
  void unknownExtensionIsOctetStreamAndEmptyFilesWork() {
    String run = createRun(exp);
    ok(put(run, "weights.bin", new byte[0]));
    HttpResponse<byte[]> got = download(fileUrl(run, "weights.bin"));
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).isEmpty();
    assertThat(got.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
  }

  @Test
  void putReplacesTheFile() {
    String run = createRun(exp);
    ok(put(run, "a.bin", new byte[] {1}));
    ok(put(run, "a.bin", new byte[] {2, 3}));
    assertThat(download(fileUrl(run, "a.bin")).body()).containsExactly(2, 3);
  }

  @Test
  void logArtifactsOfADirectoryThenListAndDownloadAsTheClientDoes() {
    String run = createRun(exp);
    // log_artifacts("out", "data"): one PUT per file, the tree below artifact_path.
    ok(put(run, "data/a.txt", bytes("alpha")));
    ok(put(run, "data/sub/b.csv", bytes("x,y\n1,2\n")));
    ok(put(run, "data/sub/deeper/c.json", bytes("{}")));
    ok(put(run, "model/MLmodel", bytes("flavors: {}\n")));

    assertThat(list(run, ""))
        .isEqualTo(
            Http.json("{'files':[{'path':'data','is_dir':true},{'path':'model','is_dir':true}]}"));
    assertThat(list(run, "data"))
        .isEqualTo(
            Http.json(
                "{'files':[{'path':'a.txt','is_dir':false,'file_size':5},"
                    + "{'path':'sub','is_dir':true}]}"));

    // download_artifacts("data"): a non-empty listing is a directory; recurse, then GET files.
    List<String> files = new ArrayList<>();
    walk(run, "data", files);
    assertThat(files).containsExactly("data/a.txt", "data/sub/b.csv", "data/sub/deeper/c.json");
    assertThat(download(fileUrl(run, "data/sub/b.csv")).body()).isEqualTo(bytes("x,y\n1,2\n"));
  }

  private void walk(String run, String dir, List<String> out) {
    for (JsonNode f : list(run, dir).path("files")) {
      String child = dir + "/" + f.get("path").asText();
      if (f.get("is_dir").asBoolean()) {
        walk(run, child, out);
      } else {
        out.add(child);
      }
    }
  }

  @Test
  void listingAMissingDirectoryOrAFileIsEmpty() {
    String run = createRun(exp);
    ok(put(run, "file.txt", bytes("f")));
    assertThat(list(run, "nothing/here")).isEqualTo(Http.json("{}"));
    // A file lists as nothing, so that the client downloads it as a file.
    assertThat(list(run, "file.txt")).isEqualTo(Http.json("{}"));
    assertThat(list("no-such-run", "")).isEqualTo(Http.json("{}"));
    Resp r = http.get(PROXY + "?path=" + exp);
    ok(r);
    assertThat(r.json()).isEqualTo(Http.json("{}"));
  }

  @Test
  void deleteRemovesAFileOrADirectory() {
    String run = createRun(exp);
    ok(put(run, "d/one.txt", bytes("1")));
    ok(put(run, "d/two.txt", bytes("2")));
    ok(put(run, "keep.txt", bytes("k")));

    Resp r = delete(fileUrl(run, "d/one.txt"));
    ok(r);
    assertThat(r.json()).isEqualTo(Http.json("{}"));
    assertThat(download(fileUrl(run, "d/one.txt")).statusCode()).isEqualTo(404);
    ok(delete(fileUrl(run, "d")));
    ok(delete(fileUrl(run, "never/was")));
    assertThat(list(run, ""))
        .isEqualTo(Http.json("{'files':[{'path':'keep.txt','is_dir':false,'file_size':1}]}"));
  }

  private Resp delete(String path) {
    return Http.resp(
        http.exchange(http.request(path).DELETE().build(), BodyHandlers.ofByteArray()));
  }

  // --- run-level endpoints -------------------------------------------------------------------

  @Test
  void artifactsListGivesPathsRelativeToTheRootAndTheRootUri() {
    String run = createRun(exp);
    ok(put(run, "data/a.txt", bytes("alpha")));
    ok(put(run, "data/sub/b.csv", bytes("b")));
    String rootUri = "mlflow-artifacts:/" + exp + "/" + run + "/artifacts";

    Resp root = http.mlflowGet("artifacts/list", "run_id=" + run);
    ok(root);
    assertThat(root.json())
        .isEqualTo(
            Http.json("{'root_uri':'" + rootUri + "','files':[{'path':'data','is_dir':true}]}"));

    for (String prefix : new String[] {"/api/2.0/mlflow/", "/ajax-api/2.0/mlflow/"}) {
      Resp dir = http.get(prefix + "artifacts/list?run_uuid=" + run + "&path=data");
      ok(dir);
      assertThat(dir.json())
          .isEqualTo(
              Http.json(
                  "{'root_uri':'"
                      + rootUri
                      + "','files':[{'path':'data/a.txt','is_dir':false,'file_size':5},"
                      + "{'path':'data/sub','is_dir':true}]}"));
    }
    Resp missing = http.mlflowGet("artifacts/list", "run_id=" + run + "&path=nope");
    ok(missing);
    assertThat(missing.json()).isEqualTo(Http.json("{'root_uri':'" + rootUri + "'}"));
  }

  @Test
  void artifactsListErrors() {
    assertError(http.mlflowGet("artifacts/list", "run_id=nope"), 404, "RESOURCE_DOES_NOT_EXIST");
    assertError(http.mlflowGet("artifacts/list", "path=x"), 400, "INVALID_PARAMETER_VALUE");
    String run = createRun(exp);
    assertError(
        http.mlflowGet("artifacts/list", "run_id=" + run + "&path=" + Http.q("../x")),
        400,
        "INVALID_PARAMETER_VALUE");
  }

  @Test
  void getArtifactServesTheFileByRunAndPath() {
    String run = createRun(exp);
    ok(put(run, "m/model.pkl", bytes("pickle")));
    for (String path : new String[] {"/get-artifact", "/ajax-api/2.0/mlflow/get-artifact"}) {
      HttpResponse<byte[]> r = download(path + "?run_uuid=" + run + "&path=m/model.pkl");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(bytes("pickle"));
      assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }
    assertError(
        Http.resp(download("/get-artifact?run_id=" + run + "&path=m/other.pkl")),
        404,
        "RESOURCE_DOES_NOT_EXIST");
    assertError(
        Http.resp(download("/get-artifact?run_id=" + run + "&path=" + Http.q("/etc/passwd"))),
        400,
        "INVALID_PARAMETER_VALUE");
  }

  // --- ranges and validators -------------------------------------------------------------

  @Test
  void rangesAndEtag() {
    String run = createRun(exp);
    byte[] content = bytes("0123456789");
    ok(put(run, "r.bin", content));
    String url = fileUrl(run, "r.bin");

    HttpResponse<byte[]> mid = download(url, "Range", "bytes=2-5");
    assertThat(mid.statusCode()).isEqualTo(206);
    assertThat(new String(mid.body(), StandardCharsets.UTF_8)).isEqualTo("2345");
    assertThat(mid.headers().firstValue("Content-Range")).hasValue("bytes 2-5/10");
    assertThat(mid.headers().firstValueAsLong("Content-Length")).hasValue(4);

    assertThat(new String(download(url, "Range", "bytes=7-").body(), StandardCharsets.UTF_8))
        .isEqualTo("789");
    assertThat(new String(download(url, "Range", "bytes=-3").body(), StandardCharsets.UTF_8))
        .isEqualTo("789");

    HttpResponse<byte[]> past = download(url, "Range", "bytes=10-");
    assertError(Http.resp(past), 416, "INVALID_PARAMETER_VALUE");
    assertThat(past.headers().firstValue("Content-Range")).hasValue("bytes */10");

    HttpResponse<byte[]> several = download(url, "Range", "bytes=0-1,3-4");
    assertThat(several.statusCode()).isEqualTo(200);
    assertThat(several.body()).isEqualTo(content);

    String etag = mid.headers().firstValue("ETag").orElseThrow();
    HttpResponse<byte[]> unchanged = download(url, "If-None-Match", etag);
    assertThat(unchanged.statusCode()).isEqualTo(304);
    assertThat(unchanged.body()).isEmpty();
    HttpResponse<byte[]> staleRange =
        download(url, "Range", "bytes=0-0", "If-Range", "\"sha256:" + "0".repeat(64) + "\"");
    assertThat(staleRange.statusCode()).isEqualTo(200);
    assertThat(staleRange.body()).isEqualTo(content);
  }

  // --- refusals ----------------------------------------------------------------------------

  @Test
  void traversalAttemptsAreRefusedAndWriteNothing() {
    String run = createRun(exp);
    long blobsBefore = blobCount();
    String base = PROXY + "/" + exp + "/" + run + "/artifacts/";
    for (String target :
        new String[] {
          base + "../../../../etc/passwd",
          base + "a/../../b",
          base + "%2e%2e%2f%2e%2e%2fescape",
          base + "%2e%2e/x",
          base + "a%2f..%2f..%2fx",
          base + "%252e%252e%252fx",
          base + "a%5cb",
          base + "a%01b",
          PROXY + "//etc/passwd",
          PROXY + "/%2fetc%2fpasswd",
        }) {
      String response = rawExchange("PUT " + target, "evil");
      assertThat(statusOf(response)).as(target + "\n" + response).isEqualTo(400);
      assertThat(response).as(target).contains("\"error_code\":\"INVALID_PARAMETER_VALUE\"");
    }
    // Jetty refuses a NUL anywhere in the URI before any route sees it: still MLflow's JSON.
    String nul = rawExchange("PUT " + base + "a%00b", "evil");
    assertThat(statusOf(nul)).as(nul).isEqualTo(400);
    assertThat(nul).contains("\"error_code\":\"BAD_REQUEST\"");
    assertThat(blobCount()).isEqualTo(blobsBefore);
    assertThat(server.artifacts().walk(run, ArtifactPath.ROOT)).isEmpty();
  }

  @Test
  void unknownRunWrongExperimentAndDeletedRun() {
    assertError(put("no-such-run", "x.txt", bytes("x")), 404, "RESOURCE_DOES_NOT_EXIST");
    String run = createRun(exp);
    String other = createExperiment(unique("other"));
    Resp wrongExp =
        Http.resp(
            http.exchange(
                http.request(PROXY + "/" + other + "/" + run + "/artifacts/x.txt")
                    .PUT(BodyPublishers.ofString("x"))
                    .build(),
                BodyHandlers.ofByteArray()));
    assertError(wrongExp, 404, "RESOURCE_DOES_NOT_EXIST");

    ok(put(run, "kept.txt", bytes("k")));
    ok(http.mlflowPost("runs/delete", Http.obj().put("run_id", run)));
    assertError(put(run, "late.txt", bytes("late")), 400, "INVALID_PARAMETER_VALUE");
    // A deleted run's artifacts can still be read, as in MLflow.
    assertThat(download(fileUrl(run, "kept.txt")).statusCode()).isEqualTo(200);
    assertError(Http.resp(download(fileUrl(run, "late.txt"))), 404, "RESOURCE_DOES_NOT_EXIST");
    assertError(
        Http.resp(download(fileUrl("no-such-run", "x.txt"))), 404, "RESOURCE_DOES_NOT_EXIST");
  }

  @Test
  void uploadOutsideARunTreeOrWithoutANameIsRefused() {
    String run = createRun(exp);
    assertError(
        Http.resp(
            http.exchange(
                http.request(PROXY + "/" + exp + "/" + run + "/elsewhere/x")
                    .PUT(BodyPublishers.ofString("x"))
                    .build(),
                BodyHandlers.ofByteArray())),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        Http.resp(
            http.exchange(
                http.request(PROXY + "/" + exp + "/" + run + "/artifacts")
                    .PUT(BodyPublishers.ofString("x"))
                    .build(),
                BodyHandlers.ofByteArray())),
        400,
        "INVALID_PARAMETER_VALUE");
  }

  // --- size and failure ----------------------------------------------------------------------

  @Test
  void a200MibUploadStreamsInAndOutUnchanged() throws Exception {
    String run = createRun(exp);
    long size = 200L * 1024 * 1024;
    // Larger than the server's JSON request limit (32 MiB): uploads are not limited by it.
    MessageDigest sent = sha256();
    HttpResponse<byte[]> up =
        http.exchange(
            http.request(fileUrl(run, "big/weights.bin"))
                .PUT(
                    BodyPublishers.fromPublisher(
                        BodyPublishers.ofInputStream(
                            () -> new DigestingStream(new GeneratedStream(size, 42), sent)),
                        size))
                .build(),
            BodyHandlers.ofByteArray());
    assertThat(up.statusCode()).as(new String(up.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    String expected = HexFormat.of().formatHex(sent.digest());

    HttpResponse<InputStream> down =
        http.exchange(
            http.request(fileUrl(run, "big/weights.bin")).GET().build(),
            BodyHandlers.ofInputStream());
    assertThat(down.statusCode()).isEqualTo(200);
    assertThat(down.headers().firstValueAsLong("Content-Length")).hasValue(size);
    MessageDigest received = sha256();
    long n;
    try (InputStream in = new DigestingStream(down.body(), received)) {
      n = in.transferTo(OutputStream.nullOutputStream());
    }
    assertThat(n).isEqualTo(size);
    assertThat(HexFormat.of().formatHex(received.digest())).isEqualTo(expected);
    assertThat(down.headers().firstValue("ETag")).hasValue("\"sha256:" + expected + "\"");
  }

  @Test
  void aClientThatGoesAwayMidUploadLeavesNoArtifact() throws Exception {
    String run = createRun(exp);
    long blobsBefore = blobCount();
    int declared = 4 * 1024 * 1024;
    try (Socket socket = new Socket("127.0.0.1", port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("PUT "
                  + fileUrl(run, "partial.bin")
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  + "Content-Type: application/octet-stream\r\nContent-Length: "
                  + declared
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      new GeneratedStream(declared / 2, 7).transferTo(out);
      out.flush();
      // The server is streaming the body into a temp file before the client goes away ...
      awaitTempFiles(true);
    }
    // ... then sees the early end, and the blob store drops the temp file.
    awaitTempFiles(false);
    assertThat(download(fileUrl(run, "partial.bin")).statusCode()).isEqualTo(404);
    assertThat(list(run, "")).isEqualTo(Http.json("{}"));
    assertThat(blobCount()).isEqualTo(blobsBefore);
  }

  // --- helpers -------------------------------------------------------------------------------

  private int port() {
    return server.server().port();
  }

  private long blobCount() {
    long[] n = {0};
    server.blobs().forEach(b -> n[0]++);
    return n[0];
  }

  private void awaitTempFiles(boolean present) throws IOException, InterruptedException {
    Path tmp = server.blobDir().resolve("tmp");
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (true) {
      try (Stream<Path> files = Files.list(tmp)) {
        if (files.findAny().isPresent() == present) {
          return;
        }
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("temp files under " + tmp + (present ? " never came" : " left"));
      }
      Thread.sleep(10);
    }
  }

  /** One request on a raw socket, so that the path reaches the server exactly as written. */
  private String rawExchange(String requestLine, String body) {
    try (Socket socket = new Socket("127.0.0.1", port())) {
      socket.setSoTimeout(10_000);
      byte[] payload = body.getBytes(StandardCharsets.UTF_8);
      String head =
          requestLine
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: "
              + payload.length
              + "\r\n\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(payload);
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int statusOf(String response) {
    return Integer.parseInt(response.substring(9, 12));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static String sha256(byte[] content) {
    return HexFormat.of().formatHex(sha256().digest(content));
  }
}
