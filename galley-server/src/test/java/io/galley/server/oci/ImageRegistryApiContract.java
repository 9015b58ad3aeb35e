package io.galley.server.oci;

import static io.galley.server.oci.OciHttp.imageManifest;
import static io.galley.server.oci.OciHttp.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.core.blob.Digest;
import io.galley.server.ApiTestBase;
import io.galley.server.oci.OciHttp.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The distribution API over real HTTP and a real store: every endpoint's success path with the
 * headers clients rely on, and each error the spec names, in the spec's error body.
 */
abstract class ImageRegistryApiContract extends ApiTestBase {
  private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  private static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";

  OciHttp oci;

  @BeforeAll
  void client() {
    oci = new OciHttp(http.base());
  }

  private static String repo(String prefix) {
    return "team/" + unique(prefix).toLowerCase() + "/models";
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void versionCheckAnswersWithTheApiVersionHeader() {
    Reply r = oci.get("/v2/").expect(200);
    assertThat(r.header("Docker-Distribution-API-Version")).isEqualTo("registry/2.0");
    oci.get("/v2").expect(200);
  }

  @Test
  void monolithicPushThenHeadGetAndRange() {
    String repo = repo("mono");
    byte[] bytes = random(100_000, 1);
    String digest = oci.pushBlob(repo, bytes);

    Reply head = oci.head("/v2/" + repo + "/blobs/" + digest).expect(200);
    assertThat(head.header("Content-Length")).isEqualTo("100000");
    assertThat(head.header("Docker-Content-Digest")).isEqualTo(digest);
    assertThat(head.body()).isEmpty();

    Reply get = oci.get("/v2/" + repo + "/blobs/" + digest).expect(200);
    assertThat(get.body()).isEqualTo(bytes);
    assertThat(get.header("Docker-Content-Digest")).isEqualTo(digest);

    Reply part = oci.get("/v2/" + repo + "/blobs/" + digest, "Range", "bytes=10-19").expect(206);
    assertThat(part.body()).isEqualTo(Arrays.copyOfRange(bytes, 10, 20));
    assertThat(part.header("Content-Range")).isEqualTo("bytes 10-19/100000");

    Reply beyond = oci.get("/v2/" + repo + "/blobs/" + digest, "Range", "bytes=100000-");
    assertThat(beyond.status()).isEqualTo(416);
    assertThat(beyond.header("Content-Range")).isEqualTo("bytes */100000");
  }

  @Test
  void aBlobIsVisibleOnlyInTheRepositoriesItWasPushedOrMountedTo() {
    String a = repo("src");
    String b = repo("dst");
    String digest = oci.pushBlob(a, random(5000, 2));
    assertThat(oci.head("/v2/" + b + "/blobs/" + digest).status()).isEqualTo(404);

    Reply mounted =
        oci.send("POST", "/v2/" + b + "/blobs/uploads/?mount=" + digest + "&from=" + a, null)
            .expect(201);
    assertThat(mounted.header("Location")).isEqualTo("/v2/" + b + "/blobs/" + digest);
    assertThat(mounted.header("Docker-Content-Digest")).isEqualTo(digest);
    oci.head("/v2/" + b + "/blobs/" + digest).expect(200);

    // A mount from a repository without the blob falls back to an upload session.
    String unknown = sha256("not pushed".getBytes(StandardCharsets.UTF_8));
    Reply fallback =
        oci.send("POST", "/v2/" + b + "/blobs/uploads/?mount=" + unknown + "&from=" + a, null)
            .expect(202);
    assertThat(fallback.header("Location")).startsWith("/v2/" + b + "/blobs/uploads/");
  }

  @Test
  void digestMismatchIsRefusedAndStoresNothing() {
    String repo = repo("mismatch");
    byte[] bytes = random(1000, 3);
    String wrong = sha256("something else".getBytes(StandardCharsets.UTF_8));
    Reply r = oci.send("POST", "/v2/" + repo + "/blobs/uploads/?digest=" + wrong, bytes);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("DIGEST_INVALID");
    assertThat(oci.head("/v2/" + repo + "/blobs/" + wrong).status()).isEqualTo(404);
    assertThat(server.blobs().stat(Digest.parse(wrong))).isEmpty();
  }

  @Test
  void postThenPatchThenPutStreamsOneChunkAndStoresItOnce() {
    String repo = repo("stream");
    byte[] bytes = random(300_000, 4);
    String digest = sha256(bytes);
    Reply start = oci.send("POST", "/v2/" + repo + "/blobs/uploads/", null).expect(202);
    String location = start.header("Location");
    assertThat(start.header("Docker-Upload-UUID")).isNotBlank();
    assertThat(start.header("Range")).isEqualTo("0-0");

    Reply patched =
        oci.send("PATCH", location, bytes, "Content-Type", "application/octet-stream").expect(202);
    assertThat(patched.header("Range")).isEqualTo("0-299999");
    Reply status = oci.get(patched.header("Location")).expect(204);
    assertThat(status.header("Range")).isEqualTo("0-299999");

    Reply done = oci.send("PUT", patched.header("Location") + "?digest=" + digest, null);
    done.expect(201);
    assertThat(done.header("Docker-Content-Digest")).isEqualTo(digest);
    assertThat(oci.get("/v2/" + repo + "/blobs/" + digest).expect(200).body()).isEqualTo(bytes);
    // The session is gone once the blob is linked.
    assertThat(oci.get(location).errorCode()).isEqualTo("BLOB_UPLOAD_UNKNOWN");
  }

  @Test
  void chunkedUploadWithOddChunkSizes() {
    String repo = repo("chunks");
    byte[] bytes = random(1 + 7 + 65_537 + 3, 5);
    String location = oci.send("POST", "/v2/" + repo + "/blobs/uploads/", null).header("Location");
    int offset = 0;
    for (int size : new int[] {1, 7, 65_537}) {
      byte[] chunk = Arrays.copyOfRange(bytes, offset, offset + size);
      Reply r =
          oci.send(
                  "PATCH",
                  location,
                  chunk,
                  "Content-Type",
                  "application/octet-stream",
                  "Content-Range",
                  offset + "-" + (offset + size - 1))
              .expect(202);
      offset += size;
      assertThat(r.header("Range")).isEqualTo("0-" + (offset - 1));
      location = r.header("Location");
    }
    // Out of order: the chunk must start where the upload ends.
    Reply outOfOrder =
        oci.send(
            "PATCH",
            location,
            new byte[] {1, 2},
            "Content-Range",
            "0-1",
            "Content-Type",
            "application/octet-stream");
    assertThat(outOfOrder.status()).isEqualTo(416);
    assertThat(oci.get(location).expect(204).header("Range")).isEqualTo("0-" + (offset - 1));

    // The last chunk rides on the PUT.
    String digest = sha256(bytes);
    oci.send(
            "PUT",
            location + "?digest=" + digest,
            Arrays.copyOfRange(bytes, offset, bytes.length),
            "Content-Type",
            "application/octet-stream")
        .expect(201);
    assertThat(oci.get("/v2/" + repo + "/blobs/" + digest).expect(200).body()).isEqualTo(bytes);
  }

  @Test
  void aWrongDigestOnCompletionEndsTheUploadWithNothingLinked() {
    String repo = repo("wrongput");
    String location = oci.send("POST", "/v2/" + repo + "/blobs/uploads/", null).header("Location");
    byte[] a = random(10, 6);
    location = oci.send("PATCH", location, a).expect(202).header("Location");
    String claimed = sha256(new byte[] {9});
    Reply r = oci.send("PUT", location + "?digest=" + claimed, random(10, 7));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("DIGEST_INVALID");
    assertThat(oci.head("/v2/" + repo + "/blobs/" + claimed).status()).isEqualTo(404);
    assertThat(oci.get(location).errorCode()).isEqualTo("BLOB_UPLOAD_UNKNOWN");
  }

  @Test
  void cancelledUploadIsGone() {
    String repo = repo("cancel");
    String location = oci.send("POST", "/v2/" + repo + "/blobs/uploads/", null).header("Location");
    oci.delete(location).expect(204);
    Reply r = oci.get(location);
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.errorCode()).isEqualTo("BLOB_UPLOAD_UNKNOWN");
    assertThat(oci.get("/v2/" + repo + "/blobs/uploads/not-a-uuid").errorCode())
        .isEqualTo("BLOB_UPLOAD_UNKNOWN");
  }

  @Test
  void manifestPushPullByTagAndDigest() {
    String repo = repo("image");
    byte[] manifest = oci.pushImage(repo, "v1", random(2000, 8));
    String digest = sha256(manifest);

    Reply byTag = oci.get("/v2/" + repo + "/manifests/v1", "Accept", OCI_MANIFEST).expect(200);
    assertThat(byTag.body()).isEqualTo(manifest);
    assertThat(byTag.header("Content-Type")).isEqualTo(OCI_MANIFEST);
    assertThat(byTag.header("Docker-Content-Digest")).isEqualTo(digest);

    Reply byDigest = oci.get("/v2/" + repo + "/manifests/" + digest).expect(200);
    assertThat(byDigest.body()).isEqualTo(manifest);
    Reply head = oci.head("/v2/" + repo + "/manifests/v1").expect(200);
    assertThat(head.header("Content-Length")).isEqualTo(String.valueOf(manifest.length));
    assertThat(head.header("Docker-Content-Digest")).isEqualTo(digest);

    // A client that accepts only Docker's formats is not handed an OCI manifest.
    Reply dockerOnly = oci.get("/v2/" + repo + "/manifests/v1", "Accept", DOCKER_MANIFEST);
    assertThat(dockerOnly.status()).isEqualTo(404);
    assertThat(dockerOnly.errorCode()).isEqualTo("MANIFEST_UNKNOWN");
  }

  @Test
  void manifestNamingMissingBlobsIsRefused() {
    String repo = repo("missing");
    String config = oci.pushBlob(repo, "{}".getBytes(StandardCharsets.UTF_8));
    String absent = sha256("never pushed".getBytes(StandardCharsets.UTF_8));
    Reply r =
        oci.send(
            "PUT",
            "/v2/" + repo + "/manifests/v1",
            imageManifest(config, 2, absent, 12, null),
            "Content-Type",
            OCI_MANIFEST);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("MANIFEST_BLOB_UNKNOWN");
    assertThat(oci.get("/v2/" + repo + "/manifests/v1").status()).isEqualTo(404);
  }

  @Test
  void manifestPutByDigestMustMatchItsBytes() {
    String repo = repo("bydigest");
    byte[] layer = random(100, 9);
    byte[] manifest = oci.pushImage(repo, "v1", layer);
    String right = sha256(manifest);
    oci.send("PUT", "/v2/" + repo + "/manifests/" + right, manifest, "Content-Type", OCI_MANIFEST)
        .expect(201);
    String wrong = sha256(new byte[] {1});
    Reply r =
        oci.send(
            "PUT", "/v2/" + repo + "/manifests/" + wrong, manifest, "Content-Type", OCI_MANIFEST);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("DIGEST_INVALID");
  }

  @Test
  void dockerSchema2ManifestsAreStoredAsPushed() {
    String repo = repo("docker");
    byte[] config =
        "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
    byte[] layer = random(300, 10);
    String c = oci.pushBlob(repo, config);
    String l = oci.pushBlob(repo, layer);
    byte[] manifest =
        ("{\n   \"schemaVersion\": 2,\n   \"mediaType\": \""
                + DOCKER_MANIFEST
                + "\",\n   \"config\": {\"mediaType\": \"application/vnd.docker.container.image.v1+json\", \"size\": "
                + config.length
                + ", \"digest\": \""
                + c
                + "\"},\n   \"layers\": [{\"mediaType\": \"application/vnd.docker.image.rootfs.diff.tar.gzip\", \"size\": "
                + layer.length
                + ", \"digest\": \""
                + l
                + "\"}]\n}")
            .getBytes(StandardCharsets.UTF_8);
    oci.send("PUT", "/v2/" + repo + "/manifests/latest", manifest, "Content-Type", DOCKER_MANIFEST)
        .expect(201);
    Reply r = oci.get("/v2/" + repo + "/manifests/latest", "Accept", DOCKER_MANIFEST).expect(200);
    assertThat(r.body()).isEqualTo(manifest);
    assertThat(r.header("Content-Type")).isEqualTo(DOCKER_MANIFEST);
  }

  @Test
  void indexNeedsItsManifestsFirst() {
    String repo = repo("index");
    byte[] child = oci.pushImage(repo, "amd64", random(50, 11));
    String childDigest = sha256(child);
    String absent = sha256("absent manifest".getBytes(StandardCharsets.UTF_8));
    byte[] missing = index(absent, 10);
    Reply refused =
        oci.send("PUT", "/v2/" + repo + "/manifests/multi", missing, "Content-Type", OCI_INDEX);
    assertThat(refused.errorCode()).isEqualTo("MANIFEST_BLOB_UNKNOWN");

    byte[] ok = index(childDigest, child.length);
    oci.send("PUT", "/v2/" + repo + "/manifests/multi", ok, "Content-Type", OCI_INDEX).expect(201);
    Reply r = oci.get("/v2/" + repo + "/manifests/multi", "Accept", OCI_INDEX).expect(200);
    assertThat(r.body()).isEqualTo(ok);
  }

  private static byte[] index(String child, long size) {
    return ("{\"schemaVersion\":2,\"mediaType\":\""
            + OCI_INDEX
            + "\",\"manifests\":[{\"mediaType\":\""
            + OCI_MANIFEST
            + "\",\"digest\":\""
            + child
            + "\",\"size\":"
            + size
            + ",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void tagsListPagesWithLinkHeaders() {
    String repo = repo("tags");
    byte[] layer = random(10, 12);
    List<String> tags = List.of("a", "b-1", "b_2", "c.3", "v10", "v2");
    for (String t : tags) {
      oci.pushImage(repo, t, layer);
    }
    JsonNode all = oci.get("/v2/" + repo + "/tags/list").expect(200).json();
    assertThat(all.path("name").asText()).isEqualTo(repo);
    assertThat(texts(all.path("tags"))).containsExactly("a", "b-1", "b_2", "c.3", "v10", "v2");

    Reply page1 = oci.get("/v2/" + repo + "/tags/list?n=4").expect(200);
    assertThat(texts(page1.json().path("tags"))).containsExactly("a", "b-1", "b_2", "c.3");
    assertThat(page1.header("Link"))
        .isEqualTo("</v2/" + repo + "/tags/list?n=4&last=c.3>; rel=\"next\"");
    Reply page2 = oci.get("/v2/" + repo + "/tags/list?n=4&last=c.3").expect(200);
    assertThat(texts(page2.json().path("tags"))).containsExactly("v10", "v2");
    assertThat(page2.header("Link")).isNull();
    assertThat(texts(oci.get("/v2/" + repo + "/tags/list?n=0").json().path("tags"))).isEmpty();

    Reply unknown = oci.get("/v2/" + repo("nothing") + "/tags/list");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.errorCode()).isEqualTo("NAME_UNKNOWN");
  }

  @Test
  void catalogPagesInLexicalOrder() {
    String prefix = "cat" + unique("x").substring(2).toLowerCase();
    for (String r : List.of("b", "a/z", "a")) {
      oci.pushBlob(prefix + "/" + r, new byte[] {1});
    }
    List<String> seen = new ArrayList<>();
    String last = prefix;
    while (true) {
      Reply page = oci.get("/v2/_catalog?n=2&last=" + last).expect(200);
      List<String> names = texts(page.json().path("repositories"));
      names.stream().filter(n -> n.startsWith(prefix + "/")).forEach(seen::add);
      if (names.isEmpty() || !names.get(names.size() - 1).startsWith(prefix + "/")) {
        break;
      }
      assertThat(page.header("Link")).contains("rel=\"next\"");
      last = names.get(names.size() - 1);
    }
    assertThat(seen).containsExactly(prefix + "/a", prefix + "/a/z", prefix + "/b");
  }

  @Test
  void referrersListManifestsWithASubject() {
    String repo = repo("refs");
    byte[] subject = oci.pushImage(repo, "v1", random(40, 13));
    String subjectDigest = sha256(subject);
    String empty = oci.pushBlob(repo, "{}".getBytes(StandardCharsets.UTF_8));
    String sbomLayer = oci.pushBlob(repo, "sbom".getBytes(StandardCharsets.UTF_8));
    byte[] sbom =
        imageManifest(
            empty,
            2,
            sbomLayer,
            4,
            "\"artifactType\":\"application/spdx+json\",\"subject\":{\"mediaType\":\""
                + OCI_MANIFEST
                + "\",\"digest\":\""
                + subjectDigest
                + "\",\"size\":"
                + subject.length
                + "},\"annotations\":{\"org.example\":\"yes\"}");
    Reply put =
        oci.send(
                "PUT",
                "/v2/" + repo + "/manifests/" + sha256(sbom),
                sbom,
                "Content-Type",
                OCI_MANIFEST)
            .expect(201);
    assertThat(put.header("OCI-Subject")).isEqualTo(subjectDigest);

    Reply all = oci.get("/v2/" + repo + "/referrers/" + subjectDigest).expect(200);
    assertThat(all.header("Content-Type")).isEqualTo(OCI_INDEX);
    JsonNode manifests = all.json().path("manifests");
    assertThat(manifests).hasSize(1);
    assertThat(manifests.get(0).path("digest").asText()).isEqualTo(sha256(sbom));
    assertThat(manifests.get(0).path("artifactType").asText()).isEqualTo("application/spdx+json");
    assertThat(manifests.get(0).path("annotations").path("org.example").asText()).isEqualTo("yes");

    Reply filtered =
        oci.get("/v2/" + repo + "/referrers/" + subjectDigest + "?artifactType=text/other")
            .expect(200);
    assertThat(filtered.header("OCI-Filters-Applied")).isEqualTo("artifactType");
    assertThat(filtered.json().path("manifests")).isEmpty();
    // Never 404 for an unknown subject: an empty index.
    assertThat(
            oci.get("/v2/" + repo + "/referrers/" + sha256(new byte[0]))
                .expect(200)
                .json()
                .path("manifests"))
        .isEmpty();
  }

  @Test
  void deletesByTagDigestAndBlob() {
    String repo = repo("delete");
    byte[] layer = random(64, 14);
    byte[] manifest = oci.pushImage(repo, "v1", layer);
    oci.pushImage(repo, "v2", layer);
    String digest = sha256(manifest);

    oci.delete("/v2/" + repo + "/manifests/v1").expect(202);
    assertThat(oci.get("/v2/" + repo + "/manifests/v1").errorCode()).isEqualTo("MANIFEST_UNKNOWN");
    oci.get("/v2/" + repo + "/manifests/" + digest).expect(200);

    oci.delete("/v2/" + repo + "/manifests/" + digest).expect(202);
    assertThat(oci.get("/v2/" + repo + "/manifests/v2").status()).isEqualTo(404);
    assertThat(oci.delete("/v2/" + repo + "/manifests/" + digest).errorCode())
        .isEqualTo("MANIFEST_UNKNOWN");

    String layerDigest = sha256(layer);
    oci.delete("/v2/" + repo + "/blobs/" + layerDigest).expect(202);
    assertThat(oci.head("/v2/" + repo + "/blobs/" + layerDigest).status()).isEqualTo(404);
    assertThat(oci.delete("/v2/" + repo + "/blobs/" + layerDigest).errorCode())
        .isEqualTo("BLOB_UNKNOWN");
  }

  @Test
  void badInputGetsTheSpecsErrorBody() {
    Reply badName = oci.get("/v2/Team/UPPER/tags/list");
    assertThat(badName.status()).isEqualTo(400);
    assertThat(badName.errorCode()).isEqualTo("NAME_INVALID");
    assertThat(oci.get("/v2/" + "a".repeat(300) + "/tags/list").errorCode())
        .isEqualTo("NAME_INVALID");
    assertThat(oci.get("/v2/ok/blobs/sha256:xyz").errorCode()).isEqualTo("DIGEST_INVALID");
    assertThat(oci.get("/v2/ok/blobs/md5:abc").errorCode()).isEqualTo("DIGEST_INVALID");
    assertThat(oci.get("/v2/ok/manifests/" + "t".repeat(129)).status()).isEqualTo(400);
    assertThat(oci.get("/v2/ok/manifests/..%2F..%2Fetc").status()).isBetween(400, 404);
    Reply wrongMethod = oci.send("PATCH", "/v2/ok/manifests/v1", new byte[] {1});
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.errorCode()).isEqualTo("UNSUPPORTED");
    Reply nowhere = oci.get("/v2/ok/nothing/here");
    assertThat(nowhere.status()).isEqualTo(404);
    assertThat(nowhere.json().path("errors").isArray()).isTrue();

    String repo = repo("bad");
    Reply garbage =
        oci.send(
            "PUT",
            "/v2/" + repo + "/manifests/v1",
            "{not json".getBytes(),
            "Content-Type",
            OCI_MANIFEST);
    assertThat(garbage.status()).isEqualTo(400);
    assertThat(garbage.errorCode()).isEqualTo("MANIFEST_INVALID");
    Reply huge =
        oci.send(
            "PUT",
            "/v2/" + repo + "/manifests/v1",
            new byte[4 * 1024 * 1024 + 1],
            "Content-Type",
            OCI_MANIFEST);
    assertThat(huge.status()).isEqualTo(413);
    assertThat(huge.json().path("errors").isArray()).isTrue();
    assertThat(oci.get("/v2/" + repo + "/tags/list").status()).isEqualTo(404);
    assertThat(oci.get("/v2/_catalog?n=-1").status()).isEqualTo(400);
  }

  @Test
  void registryGcFreesTheLayersOfDeletedImagesAndKeepsTheRest() {
    String repo = repo("gc");
    byte[] kept = random(3000, 15);
    byte[] dropped = random(3000, 16);
    oci.pushImage(repo, "kept", kept);
    byte[] gone = oci.pushImage(repo, "gone", dropped);
    oci.delete("/v2/" + repo + "/manifests/" + sha256(gone)).expect(202);

    var r = http.post("/api/2.0/galley/registry/gc", "{\"grace_seconds\": 0}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().path("blobs_unlinked").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(server.blobs().stat(Digest.parse(sha256(dropped)))).isEmpty();
    assertThat(server.blobs().stat(Digest.parse(sha256(kept)))).isPresent();
    assertThat(oci.get("/v2/" + repo + "/manifests/kept").expect(200).body()).isNotEmpty();
    assertThat(oci.get("/v2/" + repo + "/blobs/" + sha256(kept)).expect(200).body())
        .isEqualTo(kept);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
