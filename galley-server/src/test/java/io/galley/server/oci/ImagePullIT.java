package io.galley.server.oci;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.client.GalleyApiException;
import io.galley.client.GalleyClient;
import io.galley.core.access.NewUser;
import io.galley.oci.build.BaseImage;
import io.galley.oci.build.BlobSource;
import io.galley.oci.build.BuiltImage;
import io.galley.oci.build.ImageBuilder;
import io.galley.oci.build.ImageRecipe;
import io.galley.oci.build.NewLayer;
import io.galley.oci.distribution.RegistryCredential;
import io.galley.oci.distribution.RemoteImageSink;
import io.galley.oci.distribution.RemoteRegistry;
import io.galley.oci.distribution.RemoteRepository;
import io.galley.oci.image.ContainerConfig;
import io.galley.oci.image.Descriptor;
import io.galley.oci.image.ImageIndex;
import io.galley.oci.image.ManifestCodec;
import io.galley.oci.image.MediaTypes;
import io.galley.oci.image.Platform;
import io.galley.oci.layer.LayerEntry;
import io.galley.oci.layer.LayerWriter;
import io.galley.oci.name.OciReference;
import io.galley.oci.name.RepositoryName;
import io.galley.server.TestServer;
import io.galley.server.access.PasswordHashes;
import io.galley.testing.tools.Command;
import io.galley.testing.tools.ReferenceRegistry;
import io.galley.testing.tools.SystemTools;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code images/pull} from Debian's docker-registry into Galley's registry: an image of several
 * layers, an index of two platforms (all of it, or one platform), a layer shared by two images
 * stored once; then docker pulls the result from Galley with the same digest. Unknown tags, bad
 * references and unreachable registries are refused before any blob moves, leaving no tag.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImagePullIT {
  private static final Platform AMD64 = Platform.of("linux", "amd64");
  private static final Platform ARM64 = Platform.of("linux", "arm64");

  private Path dir;
  private ReferenceRegistry source;
  private TestServer galley;
  private GalleyClient client;
  private BuiltImage app;
  private BuiltImage appNext;
  private BuiltImage arm;
  private String indexDigest;

  @BeforeAll
  void seed(@TempDir Path tmp) throws IOException {
    dir = tmp;
    source = ReferenceRegistry.start(dir.resolve("registry"));
    RemoteRepository team =
        RemoteRegistry.connect(source.host(), RegistryCredential.ANONYMOUS, false)
            .repository(RepositoryName.of("team/app"));
    app = build(team, "1", AMD64, "one");
    // The same first two layers, a third of its own: the shared ones must be stored once.
    appNext = build(team, "2", AMD64, "two");
    RemoteRepository multi =
        RemoteRegistry.connect(source.host(), RegistryCredential.ANONYMOUS, false)
            .repository(RepositoryName.of("team/multi"));
    BuiltImage amd = build(multi, "amd64", AMD64, "amd");
    arm = build(multi, "arm64", ARM64, "arm");
    ImageIndex index =
        ImageIndex.of(
            List.of(
                amd.manifestDescriptor().withPlatform(AMD64),
                arm.manifestDescriptor().withPlatform(ARM64)));
    byte[] indexBytes = ManifestCodec.write(index);
    multi.pushManifest("both", indexBytes, MediaTypes.OCI_INDEX);
    indexDigest = ManifestCodec.parse(indexBytes, MediaTypes.OCI_INDEX).digest().toString();

    galley = TestServer.h2(dir.resolve("galley"));
    client = GalleyClient.builder(URI.create(galley.http().base())).build();
  }

  @AfterAll
  void stop() {
    galley.close();
    source.close();
  }

  private BuiltImage build(RemoteRepository repo, String tag, Platform platform, String own)
      throws IOException {
    List<LayerEntry> tools = List.of(LayerEntry.bytes("bin/tool", 0755, bytes(40_000, 'a')));
    List<LayerEntry> data = List.of(LayerEntry.bytes("data/shared.bin", 0644, bytes(700_000, 'b')));
    List<LayerEntry> mine = List.of(LayerEntry.bytes("data/own.txt", 0644, own.getBytes(UTF_8)));
    ContainerConfig config =
        new ContainerConfig(
            "",
            Set.of(),
            List.of("PATH=/bin"),
            List.of("/bin/tool"),
            List.of(),
            "/",
            Map.of("org.opencontainers.image.title", own));
    ImageRecipe recipe =
        new ImageRecipe(
            BaseImage.scratch(platform.os(), platform.architecture()),
            List.of(
                new NewLayer("tools", tools, LayerWriter.Compression.GZIP),
                new NewLayer("shared data", data, LayerWriter.Compression.NONE),
                new NewLayer("own", mine, LayerWriter.Compression.GZIP)),
            config,
            LayerWriter.DEFAULT_MTIME,
            Map.of());
    return new ImageBuilder(
            new LayerWriter(LayerWriter.DEFAULT_MTIME), dir.resolve("scratch-" + own), e -> {})
        .build(recipe, BlobSource.none(), new RemoteImageSink(repo, tag));
  }

  private static byte[] bytes(int n, char seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (seed + (i * 31 % 17));
    }
    return b;
  }

  private JsonNode pull(String reference, String platform, List<JsonNode> events) {
    return client.pullImage(reference, platform, events::add);
  }

  private String local(String path) {
    return source.host().replace(':', '-') + "/" + path;
  }

  @Test
  void anImageOfSeveralLayersArrivesWithItsDigestAndDockerPullsItFromGalley() {
    List<JsonNode> events = new ArrayList<>();
    JsonNode image = pull(source.host() + "/team/app:1", null, events);

    String digest = app.manifestDescriptor().digest().toString();
    assertThat(image.path("digest").asText()).isEqualTo(digest);
    assertThat(image.path("repository").asText()).isEqualTo(local("team/app"));
    assertThat(image.path("tag").asText()).isEqualTo("1");
    assertThat(image.path("platforms").toString()).isEqualTo("[\"linux/amd64\"]");
    assertThat(events.get(0).path("event").asText()).isEqualTo("resolved");
    assertThat(events.stream().filter(e -> e.path("event").asText().equals("blob_waiting")))
        .hasSize(app.layers().size() + 1);
    assertThat(events.stream().filter(e -> e.path("event").asText().equals("blob_progress")))
        .isNotEmpty();
    assertThat(galley.http().get("/v2/" + local("team/app") + "/manifests/1").status())
        .isEqualTo(200);

    // Pulled again: every blob is there already, none moves.
    List<JsonNode> again = new ArrayList<>();
    pull(source.host() + "/team/app:1", null, again);
    assertThat(again.stream().filter(e -> e.path("event").asText().equals("blob_done")))
        .allMatch(e -> e.path("present").asBoolean());
    assertThat(again.stream().filter(e -> e.path("event").asText().equals("blob_progress")))
        .isEmpty();

    SystemTools.require("docker");
    String ref = galley.http().base().substring("http://".length()) + "/" + local("team/app:1");
    try {
      Command.of("docker", "pull", ref).timeout(Duration.ofSeconds(120)).ok();
      String repoDigests =
          Command.of("docker", "image", "inspect", ref, "--format", "{{json .RepoDigests}}")
              .timeout(Duration.ofSeconds(30))
              .ok()
              .stdout();
      assertThat(repoDigests).contains(digest);
    } finally {
      Command.of("docker", "rmi", "-f", ref).timeout(Duration.ofSeconds(30)).run();
    }
  }

  @Test
  void aLayerTwoImagesShareIsFetchedAndStoredOnce() {
    pull(source.host() + "/team/app:1", null, new ArrayList<>());
    List<JsonNode> events = new ArrayList<>();
    JsonNode image = pull(source.host() + "/team/app:2", null, events);
    assertThat(image.path("digest").asText())
        .isEqualTo(appNext.manifestDescriptor().digest().toString());
    List<String> moved =
        events.stream()
            .filter(e -> e.path("event").asText().equals("blob_done"))
            .filter(e -> !e.path("present").asBoolean())
            .map(e -> e.path("digest").asText())
            .toList();
    // Its own layer and its config moved; the two layers it shares with :1 did not.
    assertThat(moved)
        .containsExactlyInAnyOrder(
            appNext.layers().get(2).digest().toString(),
            appNext.manifest().config().digest().toString());
    assertThat(appNext.layers().get(1).digest()).isEqualTo(app.layers().get(1).digest());
  }

  @Test
  void anIndexKeepsEveryPlatformUnlessOneIsAskedFor() {
    JsonNode all = pull(source.host() + "/team/multi:both", null, new ArrayList<>());
    assertThat(all.path("digest").asText()).isEqualTo(indexDigest);
    assertThat(all.path("platforms").toString()).isEqualTo("[\"linux/amd64\",\"linux/arm64\"]");
    String repo = local("team/multi");
    assertThat(galley.http().get("/v2/" + repo + "/manifests/both").status()).isEqualTo(200);
    assertThat(
            galley
                .http()
                .get("/v2/" + repo + "/manifests/" + arm.manifestDescriptor().digest())
                .status())
        .isEqualTo(200);

    JsonNode one = pull(source.host() + "/team/multi:both", "linux/arm64", new ArrayList<>());
    assertThat(one.path("digest").asText()).isEqualTo(arm.manifestDescriptor().digest().toString());
    assertThat(one.path("platforms").toString()).isEqualTo("[\"linux/arm64\"]");
  }

  @Test
  void refusalsComeBeforeAnyBlobMovesAndLeaveNoTag() throws IOException {
    assertThatThrownBy(() -> pull(source.host() + "/team/app:nope", null, new ArrayList<>()))
        .isInstanceOfSatisfying(
            GalleyApiException.class, e -> assertThat(e.httpStatus()).isEqualTo(404))
        .hasMessageContaining("manifest unknown");
    assertThat(galley.http().get("/v2/" + local("team/app") + "/manifests/nope").status())
        .isEqualTo(404);

    assertThatThrownBy(() -> pull("Bad Ref", null, new ArrayList<>()))
        .isInstanceOfSatisfying(
            GalleyApiException.class, e -> assertThat(e.httpStatus()).isEqualTo(400))
        .hasMessageContaining("invalid reference format");

    assertThatThrownBy(() -> pull(source.host() + "/team/multi:both", "linux", new ArrayList<>()))
        .isInstanceOf(GalleyApiException.class)
        .hasMessageContaining("is not a platform");

    // A plain image of another platform is refused, as docker refuses it, and not tagged.
    assertThatThrownBy(() -> pull(source.host() + "/team/app:2", "linux/arm64", new ArrayList<>()))
        .isInstanceOf(GalleyApiException.class)
        .hasMessageContaining("does not match the specified platform");

    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    assertThatThrownBy(() -> pull("127.0.0.1:" + closed + "/x/y:1", null, new ArrayList<>()))
        .isInstanceOfSatisfying(
            GalleyApiException.class, e -> assertThat(e.httpStatus()).isEqualTo(400))
        .hasMessageContaining("127.0.0.1:" + closed)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Exception"));
  }

  @Test
  void aLayerThatDoesNotHashToItsDigestFailsThePullAndNamesNoImage() throws IOException {
    RemoteRepository repo =
        RemoteRegistry.connect(source.host(), RegistryCredential.ANONYMOUS, false)
            .repository(RepositoryName.of("team/tampered"));
    BuiltImage image = build(repo, "1", AMD64, "tampered");
    Descriptor layer = image.layers().get(1); // uncompressed: a flipped bit stays the same size
    Path data =
        source
            .storage()
            .resolve("docker/registry/v2/blobs/sha256")
            .resolve(layer.digest().hex().substring(0, 2))
            .resolve(layer.digest().hex())
            .resolve("data");
    byte[] bytes = Files.readAllBytes(data);
    bytes[bytes.length / 2] ^= 1;
    Files.write(data, bytes);
    try {
      assertThatThrownBy(() -> pull(source.host() + "/team/tampered:1", null, new ArrayList<>()))
          .isInstanceOf(GalleyApiException.class)
          .hasMessageContaining(layer.digest().toString())
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(dir.toString()));
      assertThat(galley.http().get("/v2/" + local("team/tampered") + "/manifests/1").status())
          .isEqualTo(404);
      assertThat(
              galley
                  .http()
                  .get("/v2/" + local("team/tampered") + "/blobs/" + layer.digest())
                  .status())
          .isEqualTo(404);
    } finally {
      bytes[bytes.length / 2] ^= 1;
      Files.write(data, bytes);
    }
  }

  @Test
  void aPullIsASignedInCallersAndARepositorySomeoneElseHoldsIsRefused() throws IOException {
    try (TestServer guarded = TestServer.h2WithAccessControl(dir.resolve("guarded"))) {
      var identities = guarded.store().identities();
      identities.createUser(new NewUser("ann", PasswordHashes.hash("ann-password"), false));
      identities.createUser(new NewUser("bob", PasswordHashes.hash("bob-password"), false));
      URI base = URI.create(guarded.uri());
      String reference = source.host() + "/team/app:1";

      GalleyClient anonymous = GalleyClient.builder(base).build();
      assertThatThrownBy(() -> anonymous.pullImage(reference, null, e -> {}))
          .isInstanceOfSatisfying(
              GalleyApiException.class, e -> assertThat(e.httpStatus()).isEqualTo(401));

      GalleyClient ann = GalleyClient.builder(base).basicAuth("ann", "ann-password").build();
      assertThat(ann.pullImage(reference, null, e -> {}).path("digest").asText())
          .isEqualTo(app.manifestDescriptor().digest().toString());

      // Ann's first pull claimed the repository, as a first push does: Bob may not write there.
      GalleyClient bob = GalleyClient.builder(base).basicAuth("bob", "bob-password").build();
      assertThatThrownBy(() -> bob.pullImage(source.host() + "/team/app:2", null, e -> {}))
          .isInstanceOfSatisfying(
              GalleyApiException.class, e -> assertThat(e.httpStatus()).isEqualTo(403));
      // images/list shows a caller what it may pull: Ann her pull; Bob too, as users read by
      // default; nobody who has not signed in.
      String repository = ImagePulls.localRepository(OciReference.parse(reference)).toString();
      assertThat(ann.listImages().path("images").toString()).contains(repository);
      assertThat(bob.listImages().path("images").toString()).contains(repository);
      assertThatThrownBy(anonymous::listImages)
          .isInstanceOfSatisfying(
              GalleyApiException.class, e -> assertThat(e.httpStatus()).isEqualTo(401));
      RemoteRepository asAnn =
          RemoteRegistry.at(
                  base, base.getAuthority(), new RegistryCredential.Basic("ann", "ann-password"))
              .repository(ImagePulls.localRepository(OciReference.parse(reference)));
      assertThat(asAnn.pullManifest("1").digest()).isEqualTo(app.manifestDescriptor().digest());
      assertThatThrownBy(() -> asAnn.pullManifest("2"))
          .isInstanceOfSatisfying(
              io.galley.oci.distribution.RegistryException.class,
              e -> assertThat(e.status()).isEqualTo(404));
    }
  }
}
