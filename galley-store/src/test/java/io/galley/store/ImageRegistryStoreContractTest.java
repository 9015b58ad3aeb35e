package io.galley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.blob.Digest;
import io.galley.oci.OciErrorCode;
import io.galley.oci.OciException;
import io.galley.oci.name.RepositoryName;
import io.galley.oci.name.Tag;
import io.galley.oci.registry.ImageRegistryStore;
import io.galley.oci.registry.ManifestRecord;
import io.galley.oci.registry.UploadChunk;
import io.galley.oci.registry.UploadSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link ImageRegistryStore} must do: the OCI registry's repositories, blob links,
 * upload sessions, manifests, tags, referrers and garbage collection queries, including under
 * concurrent writers. Each database runs it through a subclass; every test gets a fresh, migrated
 * database.
 */
abstract class ImageRegistryStoreContractTest {
  static final String IMAGE_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String IMAGE_INDEX = "application/vnd.oci.image.index.v1+json";
  static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);
  static final Instant CUTOFF = T0.plus(Duration.ofHours(1));
  static final Instant YOUNG = T0.plus(Duration.ofHours(2));
  static final RepositoryName REPO = RepositoryName.of("team/models/iris");
  static final RepositoryName OTHER = RepositoryName.of("team/other");

  @TempDir Path tempDir;
  StoreConfig config;
  JdbcStore jdbc;
  ImageRegistryStore store;

  /** A fresh, empty database. */
  abstract StoreConfig database(Path tempDir);

  @BeforeEach
  void open() {
    config = database(tempDir);
    jdbc = JdbcStore.open(config);
    store = jdbc.imageRegistry();
  }

  @AfterEach
  void close() {
    if (jdbc != null) {
      jdbc.close();
    }
  }

  /** Closes the store and opens it again on the same database, as a restarted server does. */
  void reopen() {
    jdbc.close();
    jdbc = JdbcStore.open(config);
    store = jdbc.imageRegistry();
  }

  // ---- repositories and blob links ---------------------------------------------------------

  @Test
  void anEmptyStoreHasNoRepositories() {
    assertThat(store.repositoryExists(REPO)).isFalse();
    assertThat(store.repositories(10, null)).isEmpty();
    assertThat(store.linkedBlobSize(REPO, digest("x"))).isEmpty();
    assertThat(store.findManifest(REPO, digest("x"))).isEmpty();
    assertThat(store.resolveTag(REPO, Tag.LATEST)).isEmpty();
    assertThat(store.tags(REPO, 10, null)).isEmpty();
    assertThat(store.tagsOf(REPO, digest("x"))).isEmpty();
    assertThat(store.referrers(REPO, digest("x"), null)).isEmpty();
    assertThat(store.unlinkBlob(REPO, digest("x"))).isFalse();
    assertThat(store.deleteManifest(REPO, digest("x"))).isFalse();
    assertThat(store.deleteTag(REPO, Tag.LATEST)).isFalse();
    assertThat(store.deleteUpload(REPO, UUID.randomUUID())).isFalse();
    assertThat(store.completeUpload(REPO, UUID.randomUUID(), digest("x"), 1, T0)).isFalse();
    assertThat(referenced()).isEmpty();
  }

  @Test
  void linksBlobsPerRepository() {
    Digest layer = digest("layer");
    store.linkBlob(REPO, layer, 1234, T0);
    assertThat(store.repositoryExists(REPO)).isTrue();
    assertThat(store.linkedBlobSize(REPO, layer)).contains(1234L);
    assertThat(store.linkedBlobSize(OTHER, layer)).isEmpty();
    assertThat(store.repositoryExists(OTHER)).isFalse();
    // A repeat is harmless: still one link.
    store.linkBlob(REPO, layer, 1234, T0);
    assertThat(referenced()).containsExactly(layer);
    store.linkBlob(OTHER, layer, 1234, T0);
    assertThat(store.linkedBlobSize(OTHER, layer)).contains(1234L);
    assertThat(store.unlinkBlob(REPO, layer)).isTrue();
    assertThat(store.unlinkBlob(REPO, layer)).isFalse();
    assertThat(store.linkedBlobSize(REPO, layer)).isEmpty();
    assertThat(store.linkedBlobSize(OTHER, layer)).contains(1234L);
    // Unlinked, the repository holds nothing.
    assertThat(store.repositoryExists(REPO)).isFalse();
    assertThat(store.repositories(10, null)).containsExactly(OTHER);
  }

  @Test
  void concurrentLinksOfOneBlobToANewRepositoryAllSucceed() throws Exception {
    for (int round = 0; round < 5; round++) {
      RepositoryName repo = RepositoryName.of("race/link" + round);
      Digest blob = digest("blob" + round);
      concurrently(
          8,
          () -> {
            store.linkBlob(repo, blob, 42, T0);
            return null;
          });
      assertThat(store.linkedBlobSize(repo, blob)).contains(42L);
      assertThat(Collections.frequency(referenced(), blob)).isEqualTo(1);
    }
    assertThat(store.repositories(100, null)).hasSize(5);
  }

  @Test
  void pagesTheCatalogInLexicalOrder() {
    List<String> names =
        new ArrayList<>(
            List.of(
                "b", "a", "a-b", "a.b", "a/b", "a/b/c", "a_b", "a0", "ab", "a--b", "a__b", "z/a"));
    for (String name : names) {
      store.linkBlob(RepositoryName.of(name), digest(name), 1, T0);
    }
    // An emptied repository is not listed.
    store.linkBlob(RepositoryName.of("a/empty"), digest("e"), 1, T0);
    store.unlinkBlob(RepositoryName.of("a/empty"), digest("e"));
    Collections.sort(names); // String order is code point order for ASCII
    assertThat(names)
        .containsExactly(
            "a", "a--b", "a-b", "a.b", "a/b", "a/b/c", "a0", "a__b", "a_b", "ab", "b", "z/a");
    assertThat(catalogPaged(5)).isEqualTo(names);
    assertThat(catalogPaged(1)).isEqualTo(names);
    assertThat(store.repositories(100, null).stream().map(RepositoryName::value).toList())
        .isEqualTo(names);
    assertThat(store.repositories(2, "a/b").stream().map(RepositoryName::value).toList())
        .containsExactly("a/b/c", "a0");
    // last need not be a name in the catalog.
    assertThat(store.repositories(3, "a/c").stream().map(RepositoryName::value).toList())
        .containsExactly("a0", "a__b", "a_b");
    assertThat(store.repositories(3, "z/a")).isEmpty();
    assertThat(store.repositories(0, null)).isEmpty();
  }

  private List<String> catalogPaged(int n) {
    List<String> all = new ArrayList<>();
    String last = null;
    while (true) {
      List<RepositoryName> page = store.repositories(n, last);
      assertThat(page.size()).isLessThanOrEqualTo(n);
      if (page.isEmpty()) {
        return all;
      }
      page.forEach(r -> all.add(r.value()));
      last = page.get(page.size() - 1).value();
    }
  }

  // ---- upload sessions ---------------------------------------------------------------------

  @Test
  void uploadsAppendChunksAndComplete() {
    UUID id = UUID.randomUUID();
    store.createUpload(new UploadSession(id, REPO, T0, List.of()));
    assertThat(store.repositoryExists(REPO)).isTrue();
    assertThat(store.findUpload(REPO, id)).contains(new UploadSession(id, REPO, T0, List.of()));
    assertThat(store.findUpload(OTHER, id)).isEmpty();
    assertThat(store.findUpload(REPO, UUID.randomUUID())).isEmpty();

    UploadChunk first = new UploadChunk(0, digest("c0"), 10);
    UploadChunk second = new UploadChunk(10, digest("c1"), 5);
    assertThat(store.appendChunk(REPO, id, first))
        .contains(new UploadSession(id, REPO, T0, List.of(first)));
    // The wrong offset, another repository, an unknown session: nothing appended.
    assertThat(store.appendChunk(REPO, id, new UploadChunk(0, digest("x"), 3))).isEmpty();
    assertThat(store.appendChunk(REPO, id, new UploadChunk(11, digest("x"), 3))).isEmpty();
    assertThat(store.appendChunk(OTHER, id, second)).isEmpty();
    assertThat(store.appendChunk(REPO, UUID.randomUUID(), first)).isEmpty();
    Optional<UploadSession> after = store.appendChunk(REPO, id, second);
    assertThat(after).contains(new UploadSession(id, REPO, T0, List.of(first, second)));
    assertThat(after.orElseThrow().size()).isEqualTo(15);
    assertThat(referenced()).containsExactlyInAnyOrder(first.digest(), second.digest());

    Digest blob = digest("whole");
    assertThat(store.completeUpload(OTHER, id, blob, 15, T0)).isFalse();
    assertThat(store.completeUpload(REPO, id, blob, 15, T0)).isTrue();
    assertThat(store.findUpload(REPO, id)).isEmpty();
    assertThat(store.linkedBlobSize(REPO, blob)).contains(15L);
    assertThat(referenced()).containsExactly(blob); // the chunks' rows went with the session
    // A second completion (or a cancellation) finds the session gone and links nothing.
    assertThat(store.completeUpload(REPO, id, digest("other"), 15, T0)).isFalse();
    assertThat(store.linkedBlobSize(REPO, digest("other"))).isEmpty();
    assertThat(store.deleteUpload(REPO, id)).isFalse();
  }

  @Test
  void deletesUploads() {
    UUID id = UUID.randomUUID();
    store.createUpload(new UploadSession(id, REPO, T0, List.of()));
    store.appendChunk(REPO, id, new UploadChunk(0, digest("c0"), 10));
    assertThat(store.deleteUpload(OTHER, id)).isFalse();
    assertThat(store.deleteUpload(REPO, id)).isTrue();
    assertThat(store.deleteUpload(REPO, id)).isFalse();
    assertThat(store.findUpload(REPO, id)).isEmpty();
    assertThat(store.appendChunk(REPO, id, new UploadChunk(10, digest("c1"), 1))).isEmpty();
    assertThat(referenced()).isEmpty();
    assertThat(store.repositoryExists(REPO)).isFalse();
  }

  @Test
  void expiresUploadsStartedBeforeTheCutoff() {
    UUID old = UUID.randomUUID();
    UUID young = UUID.randomUUID();
    store.createUpload(new UploadSession(old, REPO, T0, List.of()));
    store.createUpload(new UploadSession(young, OTHER, YOUNG, List.of()));
    store.appendChunk(REPO, old, new UploadChunk(0, digest("old"), 10));
    store.appendChunk(OTHER, young, new UploadChunk(0, digest("young"), 10));
    assertThat(store.deleteUploadsStartedBefore(CUTOFF)).isEqualTo(1);
    assertThat(store.findUpload(REPO, old)).isEmpty();
    assertThat(store.findUpload(OTHER, young)).isPresent();
    assertThat(referenced()).containsExactly(digest("young"));
    assertThat(store.deleteUploadsStartedBefore(CUTOFF)).isZero();
  }

  @Test
  void ofTwoAppendsAtOneOffsetExactlyOneWins() throws Exception {
    UUID id = UUID.randomUUID();
    store.createUpload(new UploadSession(id, REPO, T0, List.of()));
    long offset = 0;
    for (int round = 0; round < 20; round++) {
      long at = offset;
      int r = round;
      List<Optional<UploadSession>> results =
          concurrently(
              2,
              () -> {
                long size = 1 + (Thread.currentThread().getId() % 7);
                return store.appendChunk(
                    REPO, id, new UploadChunk(at, digest(r + "/" + UUID.randomUUID()), size));
              });
      assertThat(results.stream().filter(Optional::isPresent).count())
          .as("winners in round " + round)
          .isEqualTo(1);
      UploadSession won = results.stream().flatMap(Optional::stream).findFirst().orElseThrow();
      assertThat(won.chunks()).hasSize(round + 1);
      assertThat(store.findUpload(REPO, id)).contains(won);
      offset = won.size();
    }
  }

  @Test
  void anUploadSurvivesReopeningTheStore() {
    UUID id = UUID.randomUUID();
    store.createUpload(new UploadSession(id, REPO, T0, List.of()));
    UploadChunk first = new UploadChunk(0, digest("c0"), 10);
    store.appendChunk(REPO, id, first);
    reopen();
    assertThat(store.findUpload(REPO, id))
        .contains(new UploadSession(id, REPO, T0, List.of(first)));
    UploadChunk second = new UploadChunk(10, digest("c1"), 3);
    assertThat(store.appendChunk(REPO, id, second)).isPresent();
    assertThat(store.completeUpload(REPO, id, digest("whole"), 13, T0)).isTrue();
    assertThat(store.linkedBlobSize(REPO, digest("whole"))).contains(13L);
  }

  // ---- manifests and tags ------------------------------------------------------------------

  @Test
  void storesAManifestWithItsTag() {
    Digest config = link(REPO, "config");
    Digest layer = link(REPO, "layer");
    Digest subject = digest("subject");
    ManifestRecord m =
        new ManifestRecord(
            digest("m"),
            IMAGE_MANIFEST,
            512,
            "application/vnd.example+type",
            subject,
            Map.of("org.opencontainers.image.created", "2024-01-01T00:00:00Z", "b", "ü \"q\""),
            List.of(config, layer, layer), // order kept, repeats too
            T0.plusMillis(7));
    store.putManifest(REPO, m, List.of(config, layer, layer), Tag.LATEST);
    assertThat(store.findManifest(REPO, m.digest())).contains(m);
    assertThat(store.findManifest(OTHER, m.digest())).isEmpty();
    assertThat(store.resolveTag(REPO, Tag.LATEST)).contains(m.digest());
    assertThat(store.tagsOf(REPO, m.digest())).containsExactly(Tag.LATEST);
    assertThat(store.tags(REPO, 10, null)).containsExactly(Tag.LATEST);

    // Put again (another tag, other metadata): the stored manifest is kept as it was.
    ManifestRecord again =
        new ManifestRecord(
            m.digest(), IMAGE_MANIFEST, 512, null, null, Map.of(), List.of(config), YOUNG);
    store.putManifest(REPO, again, List.of(config), Tag.of("v1"));
    assertThat(store.findManifest(REPO, m.digest())).contains(m);
    assertThat(store.tagsOf(REPO, m.digest())).containsExactly(Tag.LATEST, Tag.of("v1"));
    // Without a tag, by digest only.
    ManifestRecord plain = manifest("plain", T0, List.of(config));
    store.putManifest(REPO, plain, List.of(config), null);
    assertThat(store.findManifest(REPO, plain.digest())).contains(plain);
    assertThat(store.tagsOf(REPO, plain.digest())).isEmpty();
  }

  @Test
  void aManifestMayNameAnotherManifestOfTheRepository() {
    ManifestRecord child = image(REPO, "child", T0, null);
    ManifestRecord index =
        new ManifestRecord(
            digest("index"), IMAGE_INDEX, 300, null, null, Map.of(), List.of(child.digest()), T0);
    store.putManifest(REPO, index, List.of(child.digest()), Tag.LATEST);
    assertThat(store.findManifest(REPO, index.digest())).contains(index);
    // ...but not one of another repository.
    ManifestRecord elsewhere =
        new ManifestRecord(
            digest("index2"), IMAGE_INDEX, 300, null, null, Map.of(), List.of(child.digest()), T0);
    assertThatThrownBy(() -> store.putManifest(OTHER, elsewhere, List.of(child.digest()), null))
        .isInstanceOf(OciException.class);
  }

  @Test
  void aManifestNamingAnUnknownDigestIsRefusedAndNothingIsWritten() {
    Digest layer = link(OTHER, "layer"); // linked, but in another repository
    Digest config = digest("config");
    ManifestRecord m = manifest("m", T0, List.of(config, layer));
    assertThatThrownBy(() -> store.putManifest(REPO, m, List.of(config, layer), Tag.LATEST))
        .isInstanceOfSatisfying(
            OciException.class,
            e -> assertThat(e.ociCode()).isEqualTo(OciErrorCode.MANIFEST_BLOB_UNKNOWN))
        .hasMessageContaining(config.toString())
        .hasMessageContaining(REPO.value());
    assertThat(store.repositoryExists(REPO)).isFalse();
    assertThat(store.repositories(10, null)).containsExactly(OTHER);
    assertThat(store.findManifest(REPO, m.digest())).isEmpty();
    assertThat(store.resolveTag(REPO, Tag.LATEST)).isEmpty();
    assertThat(referenced()).containsExactly(layer);

    // In an existing repository, with one of two digests linked: refused too, nothing written.
    store.linkBlob(REPO, config, 10, T0);
    assertThatThrownBy(() -> store.putManifest(REPO, m, List.of(config, layer), Tag.LATEST))
        .isInstanceOfSatisfying(
            OciException.class,
            e -> assertThat(e.ociCode()).isEqualTo(OciErrorCode.MANIFEST_BLOB_UNKNOWN))
        .hasMessageContaining(layer.toString());
    assertThat(store.findManifest(REPO, m.digest())).isEmpty();
    assertThat(store.tags(REPO, 10, null)).isEmpty();
  }

  @Test
  void movesATag() {
    ManifestRecord one = image(REPO, "one", T0, Tag.LATEST);
    ManifestRecord two = image(REPO, "two", T0, null);
    assertThat(store.resolveTag(REPO, Tag.LATEST)).contains(one.digest());
    store.putManifest(REPO, two, List.of(), Tag.LATEST);
    assertThat(store.resolveTag(REPO, Tag.LATEST)).contains(two.digest());
    assertThat(store.tagsOf(REPO, one.digest())).isEmpty();
    assertThat(store.tagsOf(REPO, two.digest())).containsExactly(Tag.LATEST);
    assertThat(store.tags(REPO, 10, null)).containsExactly(Tag.LATEST);
    assertThat(store.findManifest(REPO, one.digest())).isPresent();
  }

  @Test
  void concurrentPutsOfOneManifestAndTagAllSucceed() throws Exception {
    for (int round = 0; round < 5; round++) {
      // A new repository each round, so that the puts also race to create it.
      RepositoryName repo = RepositoryName.of("race/put" + round);
      ManifestRecord m = manifest("m" + round, T0, List.of());
      concurrently(
          8,
          () -> {
            store.putManifest(repo, m, List.of(), Tag.LATEST);
            return null;
          });
      assertThat(store.findManifest(repo, m.digest())).contains(m);
      assertThat(store.resolveTag(repo, Tag.LATEST)).contains(m.digest());
      assertThat(store.tags(repo, 10, null)).containsExactly(Tag.LATEST);
      assertThat(Collections.frequency(referenced(), m.digest())).isEqualTo(1);
    }
    // With required blobs in an existing repository, and the tag moving among the puts.
    Digest layer = link(REPO, "layer");
    ManifestRecord a = manifest("a", T0, List.of(layer));
    ManifestRecord b = manifest("b", T0, List.of(layer));
    List<ManifestRecord> done =
        concurrently(
            8,
            () -> {
              ManifestRecord m = Thread.currentThread().getId() % 2 == 0 ? a : b;
              store.putManifest(REPO, m, List.of(layer), Tag.of("v1"));
              return m;
            });
    assertThat(done).hasSize(8);
    assertThat(store.findManifest(REPO, a.digest())).isPresent();
    assertThat(store.findManifest(REPO, b.digest())).isPresent();
    assertThat(store.resolveTag(REPO, Tag.of("v1")).orElseThrow()).isIn(a.digest(), b.digest());
    assertThat(store.tags(REPO, 10, null)).containsExactly(Tag.of("v1"));
  }

  @Test
  void pagesTagsInLexicalOrder() {
    ManifestRecord m = image(REPO, "m", T0, null);
    List<String> tags =
        new ArrayList<>(
            List.of(
                "latest",
                "v1.0",
                "v1.0-rc1",
                "v1.0.1",
                "v1_0",
                "V1",
                "1.0",
                "1-0",
                "1_0",
                "_x",
                "a",
                "A",
                "a-",
                "a.",
                "z"));
    for (String t : tags) {
      store.putManifest(REPO, m, List.of(), Tag.of(t));
    }
    image(OTHER, "m", T0, Tag.of("other")); // another repository's tags stay out
    Collections.sort(tags);
    assertThat(tags)
        .containsExactly(
            "1-0",
            "1.0",
            "1_0",
            "A",
            "V1",
            "_x",
            "a",
            "a-",
            "a.",
            "latest",
            "v1.0",
            "v1.0-rc1",
            "v1.0.1",
            "v1_0",
            "z");
    assertThat(tagsPaged(4)).isEqualTo(tags);
    assertThat(tagsPaged(1)).isEqualTo(tags);
    assertThat(store.tags(REPO, 100, null).stream().map(Tag::value).toList()).isEqualTo(tags);
    assertThat(store.tags(REPO, 3, "a").stream().map(Tag::value).toList())
        .containsExactly("a-", "a.", "latest");
    assertThat(store.tags(REPO, 2, "b").stream().map(Tag::value).toList())
        .containsExactly("latest", "v1.0");
    assertThat(store.tags(REPO, 5, "z")).isEmpty();
    assertThat(store.tags(REPO, 0, null)).isEmpty();
    assertThat(store.tagsOf(REPO, m.digest()).stream().map(Tag::value).toList()).isEqualTo(tags);
  }

  private List<String> tagsPaged(int n) {
    List<String> all = new ArrayList<>();
    String last = null;
    while (true) {
      List<Tag> page = store.tags(REPO, n, last);
      assertThat(page.size()).isLessThanOrEqualTo(n);
      if (page.isEmpty()) {
        return all;
      }
      page.forEach(t -> all.add(t.value()));
      last = page.get(page.size() - 1).value();
    }
  }

  @Test
  void deletingAManifestDeletesItsTagsAndReferences() {
    Digest layer = link(REPO, "layer");
    ManifestRecord m = manifest("m", T0, List.of(layer));
    store.putManifest(REPO, m, List.of(layer), Tag.LATEST);
    store.putManifest(REPO, m, List.of(layer), Tag.of("v1"));
    ManifestRecord kept = image(REPO, "kept", T0, Tag.of("kept"));
    assertThat(store.deleteManifest(OTHER, m.digest())).isFalse();
    assertThat(store.deleteManifest(REPO, m.digest())).isTrue();
    assertThat(store.deleteManifest(REPO, m.digest())).isFalse();
    assertThat(store.findManifest(REPO, m.digest())).isEmpty();
    assertThat(store.resolveTag(REPO, Tag.LATEST)).isEmpty();
    assertThat(store.tags(REPO, 10, null)).containsExactly(Tag.of("kept"));
    assertThat(store.findManifest(REPO, kept.digest())).isPresent();
    // Its references went too: the layer is referenced by its link alone.
    assertThat(Collections.frequency(referenced(), layer)).isEqualTo(1);
    assertThat(referenced())
        .doesNotContain(m.digest())
        .containsOnly(layer, kept.digest(), digest("config:kept"), digest("layer:kept"));
    // It can be put again.
    store.putManifest(REPO, m, List.of(layer), null);
    assertThat(store.findManifest(REPO, m.digest())).contains(m);
  }

  @Test
  void deletesATagAndKeepsTheManifest() {
    ManifestRecord m = image(REPO, "m", T0, Tag.LATEST);
    store.putManifest(REPO, m, List.of(), Tag.of("v1"));
    assertThat(store.deleteTag(REPO, Tag.LATEST)).isTrue();
    assertThat(store.deleteTag(REPO, Tag.LATEST)).isFalse();
    assertThat(store.deleteTag(OTHER, Tag.of("v1"))).isFalse();
    assertThat(store.resolveTag(REPO, Tag.LATEST)).isEmpty();
    assertThat(store.tagsOf(REPO, m.digest())).containsExactly(Tag.of("v1"));
    assertThat(store.findManifest(REPO, m.digest())).isPresent();
  }

  @Test
  void listsReferrersOldestFirstFilteredByArtifactType() {
    ManifestRecord subject = image(REPO, "subject", T0, Tag.LATEST);
    String sig = "application/vnd.example.signature";
    String sbom = "application/spdx+json";
    ManifestRecord r3 = referrer("r3", subject.digest(), sig, T0.plusSeconds(3));
    ManifestRecord r1 = referrer("r1", subject.digest(), sig, T0.plusSeconds(1));
    ManifestRecord r2 = referrer("r2", subject.digest(), sbom, T0.plusSeconds(2));
    ManifestRecord unrelated = referrer("u", digest("nothing"), sig, T0);
    for (ManifestRecord r : List.of(r3, r1, r2, unrelated)) {
      store.putManifest(REPO, r, List.of(), null);
    }
    assertThat(store.referrers(REPO, subject.digest(), null)).containsExactly(r1, r2, r3);
    assertThat(store.referrers(REPO, subject.digest(), sig)).containsExactly(r1, r3);
    assertThat(store.referrers(REPO, subject.digest(), sbom)).containsExactly(r2);
    assertThat(store.referrers(REPO, subject.digest(), "application/other")).isEmpty();
    assertThat(store.referrers(OTHER, subject.digest(), null)).isEmpty();
    assertThat(store.referrers(REPO, r1.digest(), null)).isEmpty();
    assertThat(store.referrers(REPO, digest("nothing"), null)).containsExactly(unrelated);
  }

  // ---- garbage collection ------------------------------------------------------------------

  @Test
  void anUntaggedIndexGoesWithItsUntaggedChildren() {
    ManifestRecord c1 = image(REPO, "c1", T0, null);
    ManifestRecord c2 = image(REPO, "c2", T0, null);
    ManifestRecord index = index(REPO, "index", T0, null, c1, c2);
    // A referrer of the index goes too, once the index is gone.
    ManifestRecord sig = referrer("sig", index.digest(), "application/sig", T0);
    store.putManifest(REPO, sig, List.of(), null);
    assertThat(store.deleteUntaggedManifests(CUTOFF, CUTOFF)).isEqualTo(4);
    for (ManifestRecord m : List.of(c1, c2, index, sig)) {
      assertThat(store.findManifest(REPO, m.digest())).isEmpty();
    }
    assertThat(store.deleteUntaggedManifests(CUTOFF, CUTOFF)).isZero();
  }

  @Test
  void aManifestPushedByDigestAwaitsItsIndexUntilTheAwaitingCutoff() {
    ManifestRecord inFlight = image(REPO, "child of an index not pushed yet", T0, null);
    ManifestRecord named = image(REPO, "named child", T0, null);
    ManifestRecord untagged = image(REPO, "untagged later", T0, Tag.LATEST);
    ManifestRecord index = index(REPO, "index", T0, Tag.of("multi"), named);
    store.deleteTag(REPO, Tag.of("multi"));
    store.deleteTag(REPO, Tag.LATEST);
    Instant beforeAll = T0.minusSeconds(1);

    // Once tagged or named, an untagged manifest goes at the grace cutoff; the child still waits.
    assertThat(store.deleteUntaggedManifests(CUTOFF, beforeAll)).isEqualTo(3);
    assertThat(store.findManifest(REPO, inFlight.digest())).isPresent();
    for (ManifestRecord gone : List.of(named, untagged, index)) {
      assertThat(store.findManifest(REPO, gone.digest())).isEmpty();
    }
    assertThat(store.deleteUntaggedManifests(CUTOFF, CUTOFF)).isEqualTo(1);
    assertThat(store.findManifest(REPO, inFlight.digest())).isEmpty();
  }

  @Test
  void aTaggedIndexKeepsItsUntaggedChildren() {
    ManifestRecord child = image(REPO, "child", T0, null);
    ManifestRecord index = index(REPO, "index", T0, Tag.LATEST, child);
    ManifestRecord liveReferrer = referrer("sig", index.digest(), "application/sig", T0);
    ManifestRecord orphanReferrer = referrer("orphan", digest("gone"), "application/sig", T0);
    ManifestRecord youngUntagged = image(REPO, "young", YOUNG, null);
    ManifestRecord otherRepoChild = image(OTHER, "child", T0, null); // named by REPO's index only
    store.putManifest(REPO, liveReferrer, List.of(), null);
    store.putManifest(REPO, orphanReferrer, List.of(), null);
    assertThat(store.deleteUntaggedManifests(CUTOFF, CUTOFF)).isEqualTo(2);
    assertThat(store.findManifest(REPO, child.digest())).isPresent();
    assertThat(store.findManifest(REPO, index.digest())).isPresent();
    assertThat(store.findManifest(REPO, liveReferrer.digest())).isPresent();
    assertThat(store.findManifest(REPO, youngUntagged.digest())).isPresent();
    assertThat(store.findManifest(REPO, orphanReferrer.digest())).isEmpty();
    assertThat(store.findManifest(OTHER, otherRepoChild.digest())).isEmpty();
    // Untagging the index makes the index, its child and its referrer collectable.
    store.deleteTag(REPO, Tag.LATEST);
    assertThat(store.deleteUntaggedManifests(CUTOFF, CUTOFF)).isEqualTo(3);
    assertThat(store.findManifest(REPO, youngUntagged.digest())).isPresent();
  }

  @Test
  void unlinksOnlyOldUnreferencedBlobs() {
    Digest config = link(REPO, "config");
    Digest layer = link(REPO, "layer");
    ManifestRecord m = manifest("m", T0, List.of(config, layer));
    store.putManifest(REPO, m, List.of(config, layer), Tag.LATEST);
    Digest orphan = link(REPO, "orphan");
    Digest young = digest("young");
    store.linkBlob(REPO, young, 1, YOUNG);
    // The manifest's own bytes linked as a blob stay while the manifest does.
    store.linkBlob(REPO, m.digest(), 100, T0);
    // Linked in another repository whose manifest names it: REPO's manifests do not count there.
    Digest shared = link(OTHER, "layer");
    assertThat(shared).isEqualTo(layer);
    // A blob pushed again is young again.
    Digest renewed = link(REPO, "renewed");
    store.linkBlob(REPO, renewed, 1, YOUNG);

    assertThat(store.unlinkUnreferencedBlobs(CUTOFF, CUTOFF)).isEqualTo(2);
    assertThat(store.linkedBlobSize(REPO, config)).isPresent();
    assertThat(store.linkedBlobSize(REPO, layer)).isPresent();
    assertThat(store.linkedBlobSize(REPO, m.digest())).isPresent();
    assertThat(store.linkedBlobSize(REPO, young)).isPresent();
    assertThat(store.linkedBlobSize(REPO, renewed)).isPresent();
    assertThat(store.linkedBlobSize(REPO, orphan)).isEmpty();
    assertThat(store.linkedBlobSize(OTHER, shared)).isEmpty();
    // OTHER held nothing else and is forgotten; REPO stays.
    assertThat(store.repositoryExists(OTHER)).isFalse();
    assertThat(store.repositories(10, null)).containsExactly(REPO);
    // A forgotten repository comes back with its next push.
    store.linkBlob(OTHER, shared, 1, YOUNG);
    assertThat(store.repositories(10, null)).containsExactly(REPO, OTHER);
  }

  @Test
  void aLinkNoManifestHasNamedYetIsKeptUntilTheAwaitingCutoff() {
    Digest pushing = link(REPO, "pushing");
    Digest named = link(REPO, "named");
    ManifestRecord m = manifest("m", T0, List.of(named));
    store.putManifest(REPO, m, List.of(named), Tag.LATEST);
    store.deleteManifest(REPO, m.digest());
    Instant beforeEither = T0.minusSeconds(1);

    // The layer of the deleted manifest goes at the grace cutoff; the push in flight stays.
    assertThat(store.unlinkUnreferencedBlobs(CUTOFF, beforeEither)).isEqualTo(1);
    assertThat(store.linkedBlobSize(REPO, named)).isEmpty();
    assertThat(store.linkedBlobSize(REPO, pushing)).isPresent();
    // Past the awaiting cutoff (the upload expiry) an unfinished push is abandoned.
    assertThat(store.unlinkUnreferencedBlobs(CUTOFF, CUTOFF)).isEqualTo(1);
    assertThat(store.linkedBlobSize(REPO, pushing)).isEmpty();
  }

  @Test
  void pushingANamedBlobAgainMakesItAwaitAManifestAgain() {
    Digest layer = link(REPO, "layer");
    ManifestRecord m = manifest("m", T0, List.of(layer));
    store.putManifest(REPO, m, List.of(layer), Tag.LATEST);
    store.linkBlob(REPO, layer, 5, T0); // the next push sends it again before its manifest
    store.deleteManifest(REPO, m.digest());

    assertThat(store.unlinkUnreferencedBlobs(CUTOFF, T0.minusSeconds(1))).isZero();
    assertThat(store.linkedBlobSize(REPO, layer)).isPresent();
  }

  @Test
  void collectionAfterDeletingAManifestFreesItsBlobsAndForgetsTheRepository() {
    ManifestRecord m = image(REPO, "m", T0, Tag.LATEST);
    RepositoryName uploading = RepositoryName.of("uploading");
    store.createUpload(new UploadSession(UUID.randomUUID(), uploading, T0, List.of()));
    store.deleteManifest(REPO, m.digest());
    assertThat(store.unlinkUnreferencedBlobs(CUTOFF, CUTOFF)).isEqualTo(2); // config and layer
    assertThat(store.repositoryExists(REPO)).isFalse();
    // A repository with an upload in progress is not empty.
    assertThat(store.repositoryExists(uploading)).isTrue();
    assertThat(store.repositories(10, null)).containsExactly(uploading);
    assertThat(referenced()).isEmpty();
  }

  @Test
  void referencedDigestsAreLinksManifestsReferencesAndChunks() {
    Digest config = link(REPO, "config");
    Digest layer = link(REPO, "layer");
    ManifestRecord m = manifest("m", T0, List.of(config, layer));
    store.putManifest(REPO, m, List.of(config, layer), Tag.LATEST);
    store.unlinkBlob(REPO, layer); // a manifest's reference keeps the bytes even so
    UUID id = UUID.randomUUID();
    store.createUpload(new UploadSession(id, OTHER, T0, List.of()));
    store.appendChunk(OTHER, id, new UploadChunk(0, digest("chunk"), 4));
    assertThat(referenced())
        .containsOnly(config, layer, m.digest(), digest("chunk"))
        .contains(config, layer, m.digest(), digest("chunk"));
  }

  // ---- helpers -----------------------------------------------------------------------------

  List<Digest> referenced() {
    List<Digest> digests = new ArrayList<>();
    store.forEachReferencedDigest(digests::add);
    // Links, manifests, references and chunks: a digest that is several of these is repeated.
    return digests;
  }

  static Digest digest(String seed) {
    try {
      return Digest.ofSha256(
          MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Links a blob made from {@code seed}, old enough for collection. */
  Digest link(RepositoryName repo, String seed) {
    Digest d = digest(seed);
    store.linkBlob(repo, d, seed.length(), T0);
    return d;
  }

  static ManifestRecord manifest(String seed, Instant at, List<Digest> references) {
    return new ManifestRecord(
        digest("manifest:" + seed), IMAGE_MANIFEST, 100, null, null, Map.of(), references, at);
  }

  static ManifestRecord referrer(String seed, Digest subject, String artifactType, Instant at) {
    return new ManifestRecord(
        digest("referrer:" + seed),
        IMAGE_MANIFEST,
        200,
        artifactType,
        subject,
        Map.of("seed", seed),
        List.of(),
        at);
  }

  /** Pushes an image: its config and layer blobs, then the manifest naming them. */
  ManifestRecord image(RepositoryName repo, String seed, Instant at, @Nullable Tag tag) {
    Digest config = digest("config:" + seed);
    Digest layer = digest("layer:" + seed);
    store.linkBlob(repo, config, 10, at);
    store.linkBlob(repo, layer, 20, at);
    ManifestRecord m = manifest(seed, at, List.of(config, layer));
    store.putManifest(repo, m, List.of(config, layer), tag);
    return m;
  }

  ManifestRecord index(
      RepositoryName repo, String seed, Instant at, @Nullable Tag tag, ManifestRecord... children) {
    List<Digest> digests = List.of(children).stream().map(ManifestRecord::digest).toList();
    ManifestRecord m =
        new ManifestRecord(
            digest("index:" + seed), IMAGE_INDEX, 300, null, null, Map.of(), digests, at);
    store.putManifest(repo, m, digests, tag);
    return m;
  }

  /** Runs the task on {@code threads} threads released together; their results, in no order. */
  static <T> List<T> concurrently(int threads, Callable<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CyclicBarrier start = new CyclicBarrier(threads);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.call();
                }));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
