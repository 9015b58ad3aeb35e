package io.galley.server.gc;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.server.ApiTestBase;
import io.galley.server.Http.Resp;
import io.galley.server.oci.OciHttp;
import io.galley.server.oci.OciHttp.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Collection at grace 0 while uploads and pushes run: everything acknowledged stays readable and no
 * push fails, because puts in flight hold leases the collector honours and the registry keeps the
 * blobs of a push in flight linked (issue 13). Bounded by counts, not by time: the collector loops
 * for as long as the fixed number of uploads and pushes takes.
 */
abstract class CollectionAtGraceZeroContract extends ApiTestBase {
  private static final int UPLOADS = 150;
  private static final int PUSHES = 150;
  private static final int WORKERS = 6;
  private static final String PROXY = "/api/2.0/mlflow-artifacts/artifacts/";
  private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  private OciHttp oci;

  /** What one upload or push ended with: a failure message, or null when it was acknowledged. */
  private record Outcome(String what, String failure) {}

  @Test
  void nothingAcknowledgedIsLostAndNoPushFailsUnderContinuousCollection() throws Exception {
    oci = new OciHttp(http.base());
    String exp = createExperiment(unique("grace0"));
    String run = createRun(exp);
    // A few contents repeat, so some puts store bytes already there (and perhaps being collected).
    byte[][] shared = {random(40_000, 1), random(3_000, 2), random(70_000, 3)};
    Map<String, byte[]> uploaded = new ConcurrentHashMap<>();
    Map<String, byte[][]> pushed = new ConcurrentHashMap<>();
    AtomicInteger failedUploads = new AtomicInteger();
    List<String> pushFailures = new ArrayList<>();
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger collections = new AtomicInteger();

    ExecutorService pool = Executors.newFixedThreadPool(WORKERS + 1);
    try {
      Future<?> collector =
          pool.submit(
              () -> {
                while (!done.get() || collections.get() < 2) {
                  collect("/api/2.0/galley/gc", "{\"grace_seconds\": 0}");
                  collect("/api/2.0/galley/registry/gc", "{\"grace_seconds\": 0}");
                  collections.incrementAndGet();
                }
              });
      List<Future<Outcome>> work = new ArrayList<>();
      for (int i = 0; i < Math.max(UPLOADS, PUSHES); i++) {
        int n = i;
        if (n < UPLOADS) {
          work.add(
              pool.submit(
                  () -> {
                    byte[] content = n % 5 == 0 ? shared[n / 5 % 3] : random(5_000 + n * 97, n);
                    String path = "f/" + n + ".bin";
                    Resp r = put(PROXY + exp + "/" + run + "/artifacts/" + path, content);
                    if (r.status() == 200) {
                      uploaded.put(path, content);
                      return new Outcome(path, null);
                    }
                    failedUploads.incrementAndGet();
                    return new Outcome(path, r.status() + " " + r.body());
                  }));
        }
        if (n < PUSHES) {
          work.add(
              pool.submit(
                  () -> {
                    String repo = "grace0/r" + n;
                    byte[] layer = n % 5 == 0 ? shared[n / 5 % 3] : random(20_000 + n * 131, -n);
                    byte[] config = config(n);
                    String failure = push(repo, n, config, layer);
                    if (failure == null) {
                      pushed.put(repo, new byte[][] {config, layer});
                    }
                    return new Outcome(repo, failure);
                  }));
        }
      }
      for (Future<Outcome> f : work) {
        Outcome o = f.get();
        if (o.failure() != null && o.what().startsWith("grace0/")) {
          synchronized (pushFailures) {
            pushFailures.add(o.what() + ": " + o.failure());
          }
        }
      }
      done.set(true);
      collector.get();
    } finally {
      pool.shutdownNow();
    }

    List<String> lostUploads = new ArrayList<>();
    for (var e : uploaded.entrySet()) {
      Reply r = oci.get(PROXY + exp + "/" + run + "/artifacts/" + e.getKey());
      if (r.status() != 200 || !Arrays.equals(r.body(), e.getValue())) {
        lostUploads.add(e.getKey() + " (" + r.status() + ")");
      }
    }
    List<String> lostImages = new ArrayList<>();
    for (var e : pushed.entrySet()) {
      String repo = e.getKey();
      Reply manifest = oci.get("/v2/" + repo + "/manifests/latest");
      boolean readable = manifest.status() == 200;
      for (byte[] blob : e.getValue()) {
        Reply r = oci.get("/v2/" + repo + "/blobs/" + OciHttp.sha256(blob));
        readable &= r.status() == 200 && Arrays.equals(r.body(), blob);
      }
      if (!readable) {
        lostImages.add(repo);
      }
    }
    String summary =
        String.format(
            "%d collections; uploads: %d acknowledged, %d refused, %d lost %s;"
                + " pushes: %d pushed, %d failed %s, %d unreadable %s",
            collections.get(),
            uploaded.size(),
            failedUploads.get(),
            lostUploads.size(),
            lostUploads,
            pushed.size(),
            pushFailures.size(),
            pushFailures.stream().limit(5).toList(),
            lostImages.size(),
            lostImages);
    assertThat(
            List.of(
                failedUploads.get(), lostUploads.size(), pushFailures.size(), lostImages.size()))
        .as(summary)
        .containsOnly(0);
    assertThat(uploaded).hasSize(UPLOADS);
    assertThat(pushed).hasSize(PUSHES);
  }

  private void collect(String path, String body) {
    Resp r = http.post(path, body);
    // 409: the other kind of collection is running; the loop comes round again.
    assertThat(r.status()).as(path + ": " + r.body()).isIn(200, 409);
  }

  /**
   * The push as clients make it: the config monolithically, the layer chunked (one or two PATCHes
   * then PUT), or mounted from an earlier repository, then the manifest. Null when all succeeded.
   */
  private String push(String repo, int n, byte[] config, byte[] layer) {
    String configDigest = OciHttp.sha256(config);
    String layerDigest = OciHttp.sha256(layer);
    Reply r = oci.send("POST", "/v2/" + repo + "/blobs/uploads/?digest=" + configDigest, config);
    if (r.status() != 201) {
      return "config " + status(r);
    }
    if (n % 10 == 0 && n >= 15) {
      // Push n - 15 has the same shared layer: mount it from there when it is already pushed.
      r =
          oci.send(
              "POST",
              "/v2/" + repo + "/blobs/uploads/?mount=" + layerDigest + "&from=grace0/r" + (n - 15),
              null);
      if (r.status() != 201 && r.status() != 202) {
        return "mount " + status(r);
      }
      if (r.status() == 202) {
        String failure = chunked(r, layer, layerDigest, 1);
        if (failure != null) {
          return failure;
        }
      }
    } else {
      r = oci.send("POST", "/v2/" + repo + "/blobs/uploads/", null);
      if (r.status() != 202) {
        return "start " + status(r);
      }
      String failure = chunked(r, layer, layerDigest, n % 2 + 1);
      if (failure != null) {
        return failure;
      }
    }
    byte[] manifest =
        OciHttp.imageManifest(configDigest, config.length, layerDigest, layer.length, null);
    r =
        oci.send(
            "PUT", "/v2/" + repo + "/manifests/latest", manifest, "Content-Type", OCI_MANIFEST);
    return r.status() == 201 ? null : "manifest " + status(r);
  }

  private String chunked(Reply started, byte[] layer, String digest, int parts) {
    String location = started.header("Location");
    int half = layer.length / parts;
    int from = 0;
    for (int p = 0; p < parts; p++) {
      int to = p == parts - 1 ? layer.length : from + half;
      Reply r =
          oci.send(
              "PATCH",
              location,
              Arrays.copyOfRange(layer, from, to),
              "Content-Type",
              "application/octet-stream",
              "Content-Range",
              from + "-" + (to - 1));
      if (r.status() != 202) {
        return "patch " + status(r);
      }
      location = r.header("Location");
      from = to;
    }
    Reply r =
        oci.send("PUT", location + (location.contains("?") ? "&" : "?") + "digest=" + digest, null);
    return r.status() == 201 ? null : "complete " + status(r);
  }

  private static String status(Reply r) {
    return r.status() + " " + r.text();
  }

  private Resp put(String path, byte[] content) {
    Reply r = oci.send("PUT", path, content, "Content-Type", "application/octet-stream");
    return new Resp(r.status(), "", r.text());
  }

  private static byte[] config(int n) {
    return ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":[\"N="
            + n
            + "\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }
}
