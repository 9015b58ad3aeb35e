package io.galley.server.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.server.oci.TestImages.Blob;
import io.galley.server.oci.TestImages.OciLayout;
import io.galley.testing.tools.Command;
import io.galley.testing.tools.SystemTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real OCI clients (docker, skopeo, podman, and a plain HTTP client for chunked uploads) against a
 * registry: each subclass names the registry in {@link #startRegistry(Path)}, and the same tests
 * run against Debian's reference registry and against Galley's {@code /v2/}. One registry serves
 * the whole class; every test uses its own repositories ({@code team/<unique>/...}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
public abstract class RegistryClientsContract {
  static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  static final String ACCEPT_MANIFESTS = TestImages.OCI_MANIFEST + ", " + DOCKER_MANIFEST;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private RegistryUnderTest registry;

  /** Starts the registry under test, keeping its data under {@code dir}. */
  protected abstract RegistryUnderTest startRegistry(Path dir);

  @BeforeAll
  void startRegistryUnderTest(@TempDir Path dir) {
    registry = startRegistry(dir);
  }

  @AfterAll
  void stopRegistryUnderTest() {
    if (registry != null) {
      registry.close();
    }
  }

  protected RegistryUnderTest registry() {
    return registry;
  }

  // ---------------------------------------------------------------------------------------------
  // docker

  @Test
  void dockerPushRmiPullRun(@TempDir Path dir) {
    SystemTools.dockerEngine();
    String repo = unique("team", "tiny");
    String ref = registry.host() + "/" + repo + ":1";
    try {
      TestImages.dockerImage(dir, ref);
      // 127.0.0.0/8 is an insecure registry for the docker engine by default: no daemon.json.
      Command.Result push = Command.of("docker", "push", ref).ok();
      Matcher m = Pattern.compile("digest: (sha256:[0-9a-f]{64})").matcher(push.stdout());
      assertThat(m.find()).as(push.describe()).isTrue();
      String pushed = m.group(1);
      assertThat(manifestDigest(repo, "1")).isEqualTo(pushed);

      Command.of("docker", "rmi", ref).ok();
      assertThat(Command.of("docker", "image", "inspect", ref).run().ok()).isFalse();
      Command.of("docker", "pull", ref).ok();
      assertThat(
              Command.of("docker", "image", "inspect", "--format", "{{index .RepoDigests 0}}", ref)
                  .ok()
                  .stdout()
                  .strip())
          .isEqualTo(registry.host() + "/" + repo + "@" + pushed);
      Command.Result run = Command.of("docker", "run", "--rm", "--network", "none", ref).ok();
      assertThat(run.stdout().strip()).isEqualTo("hello");
    } finally {
      Command.of("docker", "rmi", "-f", ref).run();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // skopeo

  @Test
  void skopeoRoundTripOfManySmallLayersOfOddSizes(@TempDir Path dir) {
    SystemTools.require("skopeo");
    OciLayout src = TestImages.ociLayout(dir.resolve("src"), "v1", 1, TestImages.smallOddSizes(30));
    roundTrip(dir, src, unique("team", "models/iris"));
  }

  @Test
  void skopeoRoundTripOfOneLargerLayer(@TempDir Path dir) {
    SystemTools.require("skopeo");
    OciLayout src = TestImages.ociLayout(dir.resolve("src"), "v1", 2, 3, 24L << 20, 65537);
    roundTrip(dir, src, unique("team", "models/big"));
  }

  private void roundTrip(Path dir, OciLayout src, String repo) {
    String remote = "docker://" + registry.host() + "/" + repo + ":v1";
    skopeo("copy", "--dest-tls-verify=false", src.reference(), remote);

    assertThat(rawManifestDigest(remote)).isEqualTo(src.manifestDigest());
    assertThat(manifestDigest(repo, "v1")).isEqualTo(src.manifestDigest());
    for (Blob layer : src.layers()) {
      HttpResponse<Void> head = send(request("/v2/" + repo + "/blobs/" + layer.digest()), "HEAD");
      assertThat(head.statusCode()).as("HEAD %s", layer.digest()).isEqualTo(200);
      assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(layer.size());
    }

    OciLayout back = pull(remote, dir.resolve("back"), "v1");
    assertSameImage(back, src);
  }

  @Test
  void skopeoCopiesBetweenRegistriesBothWaysKeepTheDigest(@TempDir Path dir) {
    SystemTools.require("skopeo");
    OciLayout src = TestImages.ociLayout(dir.resolve("src"), "1", 3, TestImages.smallOddSizes(5));
    String repo = unique("team", "models/iris");
    String here = "docker://" + registry.host() + "/" + repo + ":1";
    skopeo("copy", "--dest-tls-verify=false", src.reference(), here);

    try (ReferenceRegistryUnderTest other =
        ReferenceRegistryUnderTest.start(dir.resolve("other"))) {
      String there = "docker://" + other.host() + "/mirror/" + repo + ":1";
      skopeo("copy", "--src-tls-verify=false", "--dest-tls-verify=false", here, there);
      assertThat(rawManifestDigest(there)).isEqualTo(src.manifestDigest());

      String back = "docker://" + registry.host() + "/" + repo + "-from-mirror:1";
      skopeo("copy", "--src-tls-verify=false", "--dest-tls-verify=false", there, back);
      assertThat(rawManifestDigest(back)).isEqualTo(src.manifestDigest());
      assertSameImage(pull(back, dir.resolve("back"), "1"), src);
    }
  }

  @Test
  void twoConcurrentPushesOfImagesSharingLayersBothSucceed(@TempDir Path dir) {
    SystemTools.require("skopeo");
    long[] sizes = {8L << 20, 1, 4097, 65537, 300_001, 12_345, 2L << 20};
    OciLayout a = TestImages.ociLayout(dir.resolve("a"), "a", 4, sizes);
    OciLayout b = TestImages.ociLayout(dir.resolve("b"), "b", 4, sizes);
    assertThat(a.layers())
        .extracting(Blob::digest)
        .isEqualTo(b.layers().stream().map(Blob::digest).toList());
    assertThat(a.manifestDigest()).isNotEqualTo(b.manifestDigest());

    String repo = unique("team", "shared");
    String refA = "docker://" + registry.host() + "/" + repo + ":a";
    String refB = "docker://" + registry.host() + "/" + repo + ":b";
    Command.Running pushA =
        skopeoCommand("copy", "--dest-tls-verify=false", a.reference(), refA).start();
    Command.Running pushB =
        skopeoCommand("copy", "--dest-tls-verify=false", b.reference(), refB).start();
    pushA.await(Duration.ofSeconds(120)).assertOk();
    pushB.await(Duration.ofSeconds(120)).assertOk();

    OciLayout backA = pull(refA, dir.resolve("back-a"), "a");
    OciLayout backB = pull(refB, dir.resolve("back-b"), "b");
    assertSameImage(backA, a);
    assertSameImage(backB, b);
  }

  @Test
  void aPushKilledMidwayLeavesNoTagAndNoBlob(@TempDir Path dir) throws Exception {
    SystemTools.require("skopeo");
    long layerSize = 64L << 20;
    OciLayout src = TestImages.ociLayout(dir.resolve("src"), "1", 5, layerSize);
    Blob layer = src.layers().get(0);
    String repo = unique("team", "models/killed");

    try (StallingProxy proxy = new StallingProxy(registry.host(), 8L << 20)) {
      Command.Running push =
          skopeoCommand(
                  "copy",
                  "--dest-tls-verify=false",
                  src.reference(),
                  "docker://" + proxy.host() + "/" + repo + ":1")
              .start();
      boolean stalled = proxy.awaitStalled(Duration.ofSeconds(60));
      if (!stalled) {
        push.kill();
      }
      assertThat(stalled).as("the push sent 8 MiB within 60 s").isTrue();
      assertThat(registry.awaitUploadStarted(repo, Duration.ofSeconds(10)))
          .as("%s holds part of the layer in an unfinished upload", registry.name())
          .isTrue();
      assertThat(push.isAlive()).as("skopeo is still uploading").isTrue();
      Command.Result killed = push.kill();
      assertThat(killed.exitCode()).isNotZero();
    }

    String remote = "docker://" + registry.host() + "/" + repo + ":1";
    Command.Result inspect = skopeoCommand("inspect", "--raw", "--tls-verify=false", remote).run();
    assertThat(inspect.ok()).as(inspect.describe()).isFalse();
    assertThat(
            send(request("/v2/" + repo + "/manifests/1").header("Accept", ACCEPT_MANIFESTS), "GET")
                .statusCode())
        .isEqualTo(404);
    assertThat(send(request("/v2/" + repo + "/blobs/" + layer.digest()), "HEAD").statusCode())
        .isEqualTo(404);

    // Nothing left behind stops a retry.
    skopeo("copy", "--dest-tls-verify=false", src.reference(), remote);
    assertThat(manifestDigest(repo, "1")).isEqualTo(src.manifestDigest());
    assertThat(send(request("/v2/" + repo + "/blobs/" + layer.digest()), "HEAD").statusCode())
        .isEqualTo(200);
  }

  // ---------------------------------------------------------------------------------------------
  // podman

  @Test
  void podmanPullAndPush(@TempDir Path dir) {
    SystemTools.require("skopeo");
    SystemTools.require("podman");
    List<String> podman = podman(dir.resolve("podman-1"));
    Command.Result info = Command.of(concat(podman, "info")).run();
    if (!info.ok()) {
      SystemTools.unavailable(
          "podman cannot run here ("
              + String.join(" ", podman)
              + " info): "
              + info.stderr().strip());
    }
    OciLayout src = TestImages.ociLayout(dir.resolve("src"), "1", 6, 1, 65537, 3L << 20);
    String repo = unique("team", "podman");
    String pulled = registry.host() + "/" + repo + ":1";
    skopeo("copy", "--dest-tls-verify=false", src.reference(), "docker://" + pulled);

    Command.of(concat(podman, "pull", "--tls-verify=false", pulled)).ok();
    assertThat(imageId(podman, pulled)).isEqualTo(src.config().hex());

    String pushed = registry.host() + "/" + repo + "-pushed:1";
    Command.of(concat(podman, "push", "--tls-verify=false", pulled, "docker://" + pushed)).ok();
    // podman stores layers uncompressed and compresses them again on push: the layer and manifest
    // digests may change, the config (the image id, with the layers' diff ids) may not.
    OciLayout back = pull("docker://" + pushed, dir.resolve("back"), "1");
    assertThat(back.config().digest()).isEqualTo(src.config().digest());
    assertThat(back.uncompressedLayerDigests()).isEqualTo(src.configDiffIds());

    List<String> fresh = podman(dir.resolve("podman-2"));
    Command.of(concat(fresh, "pull", "--tls-verify=false", pushed)).ok();
    assertThat(imageId(fresh, pushed)).isEqualTo(src.config().hex());
  }

  private static List<String> podman(Path dir) {
    return List.of(
        "podman",
        "--root",
        dir.resolve("root").toString(),
        "--runroot",
        dir.resolve("run").toString(),
        "--storage-driver",
        "vfs",
        "--cgroup-manager",
        "cgroupfs",
        "--events-backend",
        "file");
  }

  private static String imageId(List<String> podman, String ref) {
    return Command.of(concat(podman, "image", "inspect", "--format", "{{.Id}}", ref))
        .ok()
        .stdout()
        .strip();
  }

  // ---------------------------------------------------------------------------------------------
  // chunked upload over plain HTTP

  @Test
  void chunkedUploadWithOddChunkSizes() {
    String repo = unique("team", "chunks");
    int[] chunks = {1, 7, 65537, 511, 3, 100_000, 2};
    int total = 0;
    for (int c : chunks) {
      total += c;
    }
    byte[] data = new byte[total];
    new Random(7).nextBytes(data);
    String digest = TestImages.digest(data);

    HttpResponse<Void> start = send(request("/v2/" + repo + "/blobs/uploads/"), "POST");
    assertThat(start.statusCode()).isEqualTo(202);
    URI location = location(start);

    int offset = 0;
    for (int i = 0; i < chunks.length; i++) {
      int end = offset + chunks[i] - 1;
      HttpResponse<Void> patch = patch(location, data, offset, end);
      assertThat(patch.statusCode()).as("PATCH %d-%d", offset, end).isEqualTo(202);
      assertThat(patch.headers().firstValue("Range")).hasValue("0-" + end);
      location = location(patch);
      offset = end + 1;

      HttpResponse<Void> status = send(HttpRequest.newBuilder(location), "GET");
      assertThat(status.statusCode()).isEqualTo(204);
      assertThat(status.headers().firstValue("Range")).hasValue("0-" + end);
    }

    String query = (location.getRawQuery() == null ? "?" : "&") + "digest=" + digest;
    HttpResponse<Void> put = send(HttpRequest.newBuilder(URI.create(location + query)), "PUT");
    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(put.headers().firstValue("Docker-Content-Digest")).hasValue(digest);

    HttpResponse<byte[]> get =
        exchange(
            request("/v2/" + repo + "/blobs/" + digest).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo(data);
  }

  @Test
  void anOutOfOrderChunkIsRefusedWith416() {
    String repo = unique("team", "chunks");
    byte[] data = new byte[40];
    new Random(8).nextBytes(data);
    HttpResponse<Void> start = send(request("/v2/" + repo + "/blobs/uploads/"), "POST");
    assertThat(start.statusCode()).isEqualTo(202);
    HttpResponse<Void> first = patch(location(start), data, 0, 9);
    assertThat(first.statusCode()).isEqualTo(202);
    URI location = location(first);

    HttpResponse<Void> gap = patch(location, data, 20, 29);
    if (gap.statusCode() != 416 && !registry.checksContentRange()) {
      Assumptions.abort(
          registry.name()
              + " answered "
              + gap.statusCode()
              + " (Range: "
              + gap.headers().firstValue("Range").orElse("none")
              + ") to a PATCH of bytes 20-29 onto an upload of 10 bytes: it does not check"
              + " Content-Range; the OCI distribution spec requires 416");
    }
    assertThat(gap.statusCode()).as("PATCH 20-29 after 0-9").isEqualTo(416);
    HttpResponse<Void> status = send(HttpRequest.newBuilder(location), "GET");
    assertThat(status.statusCode()).isEqualTo(204);
    assertThat(status.headers().firstValue("Range")).hasValue("0-9");

    HttpResponse<Void> next = patch(location, data, 10, 39);
    assertThat(next.statusCode()).isEqualTo(202);
    assertThat(next.headers().firstValue("Range")).hasValue("0-39");
    String digest = TestImages.digest(data);
    URI done = location(next);
    String query = (done.getRawQuery() == null ? "?" : "&") + "digest=" + digest;
    assertThat(send(HttpRequest.newBuilder(URI.create(done + query)), "PUT").statusCode())
        .isEqualTo(201);
  }

  private HttpResponse<Void> patch(URI location, byte[] data, int from, int to) {
    return exchange(
        HttpRequest.newBuilder(location)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/octet-stream")
            .header("Content-Range", from + "-" + to)
            .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(data, from, to - from + 1))
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  private URI location(HttpResponse<?> r) {
    String location =
        r.headers()
            .firstValue("Location")
            .orElseThrow(() -> new AssertionError("no Location: " + r.headers().map()));
    return registry.base().resolve(location);
  }

  // ---------------------------------------------------------------------------------------------
  // helpers

  /** {@code team/<unique>/<rest>}: a repository no other test (or earlier run) uses. */
  static String unique(String team, String rest) {
    return team
        + "/t"
        + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt())
        + "/"
        + rest;
  }

  private static Command skopeoCommand(String... args) {
    return Command.of(concat(List.of("skopeo", "--insecure-policy"), args))
        .timeout(Duration.ofSeconds(120));
  }

  private static Command.Result skopeo(String... args) {
    return skopeoCommand(args).ok();
  }

  /** sha256 of the manifest bytes {@code skopeo inspect --raw} prints. */
  private static String rawManifestDigest(String dockerRef) {
    String raw = skopeo("inspect", "--raw", "--tls-verify=false", dockerRef).stdout();
    return TestImages.digest(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** The digest the registry reports for {@code repo:reference}, checked against its bytes. */
  private String manifestDigest(String repo, String reference) {
    HttpResponse<byte[]> r =
        exchange(
            request("/v2/" + repo + "/manifests/" + reference)
                .header("Accept", ACCEPT_MANIFESTS)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as("GET manifest %s:%s", repo, reference).isEqualTo(200);
    String digest = TestImages.digest(r.body());
    assertThat(r.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
    return digest;
  }

  /** Copies {@code dockerRef} into a fresh OCI layout {@code dir} under {@code tag}. */
  private static OciLayout pull(String dockerRef, Path dir, String tag) {
    skopeo("copy", "--src-tls-verify=false", dockerRef, "oci:" + dir + ":" + tag);
    return OciLayout.read(dir, tag);
  }

  private static void assertSameImage(OciLayout actual, OciLayout expected) {
    assertThat(actual.manifestDigest()).isEqualTo(expected.manifestDigest());
    assertThat(actual.config().digest()).isEqualTo(expected.config().digest());
    assertThat(actual.layers())
        .extracting(Blob::digest)
        .isEqualTo(expected.layers().stream().map(Blob::digest).toList());
    for (int i = 0; i < expected.layers().size(); i++) {
      try {
        assertThat(Files.mismatch(actual.layers().get(i).path(), expected.layers().get(i).path()))
            .as("layer %d bytes", i)
            .isEqualTo(-1L);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(registry.base().resolve(path)).timeout(Duration.ofSeconds(60));
  }

  private HttpResponse<Void> send(HttpRequest.Builder request, String method) {
    return exchange(
        request
            .timeout(Duration.ofSeconds(60))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> body) {
    try {
      return http.send(request, body);
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static List<String> concat(List<String> command, String... more) {
    List<String> all = new ArrayList<>(command);
    all.addAll(List.of(more));
    return all;
  }
}
