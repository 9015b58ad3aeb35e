package io.galley.server.gc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.core.blob.Digest;
import io.galley.server.ApiTestBase;
import io.galley.server.Http;
import io.galley.server.Http.Resp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /api/2.0/galley/gc} over a real server, H2 and a FileBlobStore. */
class GcApiTest extends ApiTestBase {
  private static final String PROXY = "/api/2.0/mlflow-artifacts/artifacts";
  private static final String GC = "/api/2.0/galley/gc";

  private String exp;

  @BeforeAll
  void experiment() {
    exp = createExperiment(unique("gc"));
  }

  private String url(String run, String path) {
    return PROXY + "/" + exp + "/" + run + "/artifacts/" + path;
  }

  private void upload(String run, String path, String content) {
    Resp r =
        Http.resp(
            http.exchange(
                http.request(url(run, path)).PUT(BodyPublishers.ofString(content)).build(),
                BodyHandlers.ofByteArray()));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  private void delete(String run, String path) {
    ok(
        Http.resp(
            http.exchange(
                http.request(url(run, path)).DELETE().build(), BodyHandlers.ofByteArray())));
  }

  private String download(String run, String path) {
    HttpResponse<String> r =
        http.exchange(http.request(url(run, path)).GET().build(), BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  private JsonNode gc(String body) {
    Resp r = http.post(GC, body);
    ok(r);
    return r.json();
  }

  private boolean stored(String content) {
    return server
        .blobs()
        .stat(Digest.ofSha256(sha256(content.getBytes(StandardCharsets.UTF_8))))
        .isPresent();
  }

  @Test
  void afterADeleteGcWithNoGraceRemovesTheBlobButKeepsOneAnotherRunShares() {
    String a = createRun(exp);
    String b = createRun(exp);
    upload(a, "only-a.txt", "only in run a");
    upload(a, "shared.txt", "shared bytes");
    upload(b, "copy.txt", "shared bytes");
    delete(a, "only-a.txt");
    delete(a, "shared.txt");

    JsonNode report = gc("{\"grace_seconds\": 0}");

    assertThat(report.get("dry_run").asBoolean()).isFalse();
    assertThat(report.get("grace_seconds").asLong()).isZero();
    assertThat(report.get("deleted").asLong()).isPositive();
    assertThat(report.get("bytes_freed").asLong()).isGreaterThanOrEqualTo(13);
    assertThat(report.get("referenced").asLong()).isPositive();
    assertThat(stored("only in run a")).isFalse();
    assertThat(stored("shared bytes")).isTrue();
    assertThat(download(b, "copy.txt")).isEqualTo("shared bytes");
  }

  @Test
  void aRegisteredModelKeepsItsFilesAfterTheRunsAreDeleted() {
    String run = createRun(exp);
    upload(run, "model/weights.bin", "registered weights");
    upload(run, "model/MLmodel", "registered flavors");
    String name = unique("gc-model");
    ok(http.mlflowPost("registered-models/create", Http.obj().put("name", name)));
    ok(
        http.mlflowPost(
            "model-versions/create",
            Http.obj()
                .put("name", name)
                .put("source", "runs:/" + run + "/model")
                .put("run_id", run)));
    delete(run, "model/weights.bin");
    delete(run, "model/MLmodel");

    gc("{\"grace_seconds\": 0}");

    assertThat(stored("registered weights")).isTrue();
    assertThat(stored("registered flavors")).isTrue();
  }

  @Test
  void aDryRunDeletesNothing() {
    String run = createRun(exp);
    upload(run, "dry.txt", "dry run orphan");
    delete(run, "dry.txt");

    JsonNode report = gc("{\"dry_run\": true, \"grace_seconds\": 0}");

    assertThat(report.get("dry_run").asBoolean()).isTrue();
    assertThat(report.get("deleted").asLong()).isPositive();
    assertThat(stored("dry run orphan")).isTrue();
  }

  @Test
  void theDefaultGraceKeepsAFreshOrphan() {
    String run = createRun(exp);
    upload(run, "young.txt", "young orphan");
    delete(run, "young.txt");

    JsonNode report = gc("");

    assertThat(report.get("grace_seconds").asLong()).isEqualTo(3600);
    assertThat(report.get("dry_run").asBoolean()).isFalse();
    assertThat(report.get("kept_young").asLong()).isPositive();
    assertThat(stored("young orphan")).isTrue();
  }

  @Test
  void gcReclaimsTheTempFilesOfUploadsACrashCutOff() throws IOException {
    Path leftover = server.blobDir().resolve("tmp/put-cut-off-by-a-kill.tmp");
    Files.writeString(leftover, "half an upload");

    JsonNode dry = gc("{\"dry_run\": true}");
    assertThat(dry.path("temp_files_reclaimed").asLong()).isEqualTo(1);
    assertThat(leftover).exists();
    JsonNode report = gc("{}");
    assertThat(report.path("temp_files_reclaimed").asLong()).isEqualTo(1);
    assertThat(report.path("temp_bytes_reclaimed").asLong()).isEqualTo(14);
    assertThat(leftover).doesNotExist();
  }

  @Test
  void badRequestsAreMlflowErrors() {
    assertError(http.post(GC, "{\"grace_seconds\": -1}"), 400, "INVALID_PARAMETER_VALUE");
    assertError(http.post(GC, "{\"grace_seconds\": 1.5}"), 400, "INVALID_PARAMETER_VALUE");
    for (String huge : List.of("9223372036854775807", "3155760001", "1e300")) {
      assertError(
          http.post(GC, "{\"grace_seconds\": " + huge + "}"), 400, "INVALID_PARAMETER_VALUE");
      assertError(
          http.post("/api/2.0/galley/registry/gc", "{\"upload_expiry_seconds\": " + huge + "}"),
          400,
          "INVALID_PARAMETER_VALUE");
    }
    assertError(http.post(GC, "{\"dry_run\": \"yes\"}"), 400, "INVALID_PARAMETER_VALUE");
    assertError(http.post(GC, "{nope"), 400, "BAD_REQUEST");
    assertError(http.post(GC, "[]"), 400, "BAD_REQUEST");
  }

  @Test
  void anUploadInFlightSurvivesGcAndIsReadableAfterwards() throws Exception {
    String run = createRun(exp);
    long size = 64L * 1024 * 1024;
    CountDownLatch gate = new CountDownLatch(1);
    CompletableFuture<HttpResponse<String>> upload =
        HttpClient.newHttpClient()
            .sendAsync(
                http.request(url(run, "big/weights.bin"))
                    .PUT(
                        BodyPublishers.fromPublisher(
                            BodyPublishers.ofInputStream(
                                () -> new Generated(size, 7, size / 4, gate)),
                            size))
                    .build(),
                BodyHandlers.ofString());
    awaitTempFileGrowing();

    JsonNode report = gc("{}");
    gate.countDown();

    assertThat(report.get("grace_seconds").asLong()).isEqualTo(3600);
    assertThat(report.get("deleted").asLong()).isZero();
    HttpResponse<String> up = upload.get(2, TimeUnit.MINUTES);
    assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
    MessageDigest expected = MessageDigest.getInstance("SHA-256");
    new DigestInputStream(new Generated(size, 7, -1, gate), expected)
        .transferTo(OutputStream.nullOutputStream());
    HttpResponse<InputStream> down =
        http.exchange(
            http.request(url(run, "big/weights.bin")).GET().build(), BodyHandlers.ofInputStream());
    assertThat(down.statusCode()).isEqualTo(200);
    MessageDigest received = MessageDigest.getInstance("SHA-256");
    try (InputStream in = new DigestInputStream(down.body(), received)) {
      assertThat(in.transferTo(OutputStream.nullOutputStream())).isEqualTo(size);
    }
    assertThat(HexFormat.of().formatHex(received.digest()))
        .isEqualTo(HexFormat.of().formatHex(expected.digest()));
  }

  /** Polls with a deadline until the upload's temp file holds bytes. */
  private void awaitTempFileGrowing() throws Exception {
    Path tmp = server.blobDir().resolve("tmp");
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      try (Stream<Path> files = Files.list(tmp)) {
        if (files.anyMatch(f -> sizeOf(f) > 0)) {
          return;
        }
      }
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
    throw new AssertionError("the upload never reached the blob store");
  }

  private static long sizeOf(Path f) {
    try {
      return Files.size(f);
    } catch (IOException e) {
      return 0;
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** Pseudo-random bytes that stop at {@code pauseAt} until the gate opens ({@code -1}: never). */
  private static final class Generated extends InputStream {
    private final SplittableRandom random;
    private final long pauseAt;
    private final CountDownLatch gate;
    private long remaining;
    private long sent;

    Generated(long size, long seed, long pauseAt, CountDownLatch gate) {
      this.random = new SplittableRandom(seed);
      this.remaining = size;
      this.pauseAt = pauseAt;
      this.gate = gate;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (remaining == 0) {
        return -1;
      }
      if (sent >= pauseAt && pauseAt >= 0) {
        try {
          if (!gate.await(2, TimeUnit.MINUTES)) {
            throw new UncheckedIOException(new IOException("gate never opened"));
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new UncheckedIOException(new IOException("interrupted"));
        }
      }
      int n = (int) Math.min(len, remaining);
      if (pauseAt >= 0 && sent < pauseAt) {
        n = (int) Math.min(n, pauseAt - sent);
      }
      for (int i = 0; i < n; i++) {
        b[off + i] = (byte) random.nextInt();
      }
      remaining -= n;
      sent += n;
      return n;
    }
  }
}
