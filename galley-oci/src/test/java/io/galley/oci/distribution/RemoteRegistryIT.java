package io.galley.oci.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.galley.oci.build.BlobSource;
import io.galley.oci.build.BuiltImage;
import io.galley.oci.build.ImageBuilder;
import io.galley.oci.build.TestImage;
import io.galley.oci.image.Descriptor;
import io.galley.oci.image.ImageIndex;
import io.galley.oci.image.ManifestCodec;
import io.galley.oci.image.MediaTypes;
import io.galley.oci.image.Platform;
import io.galley.oci.layer.LayerWriter;
import io.galley.oci.layout.OciLayoutSink;
import io.galley.oci.name.RepositoryName;
import io.galley.testing.tools.Command;
import io.galley.testing.tools.ReferenceRegistry;
import io.galley.testing.tools.SystemTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution client against Debian's reference registry on loopback: an image built straight
 * into it reads back with skopeo and copies out to an OCI layout with the same digest; an index
 * resolves to the platform asked for; a tampered blob, an unknown tag, a closed port and a registry
 * that wants a password each fail clearly, leaving nothing behind.
 */
class RemoteRegistryIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Platform AMD64 = Platform.of("linux", "amd64");

  private static BuiltImage buildInto(RemoteRepository repository, String tag, Path scratch)
      throws IOException {
    return new ImageBuilder(new LayerWriter(LayerWriter.DEFAULT_MTIME), scratch, e -> {})
        .build(TestImage.recipe(), BlobSource.none(), new RemoteImageSink(repository, tag));
  }

  @Test
  void anImagePushedReadsBackWithSkopeoAndCopiesOutWithItsDigest(@TempDir Path dir)
      throws IOException {
    SystemTools.require("skopeo");
    try (ReferenceRegistry registry = ReferenceRegistry.start(dir.resolve("registry"))) {
      RemoteRepository repo =
          RemoteRegistry.connect(registry.host(), RegistryCredential.ANONYMOUS, false)
              .repository(RepositoryName.of("team/tiny"));
      BuiltImage pushed = buildInto(repo, "1", dir.resolve("scratch"));
      String digest = pushed.manifestDescriptor().digest().toString();

      JsonNode inspected =
          JSON.readTree(
              Command.of(
                      "skopeo",
                      "inspect",
                      "--tls-verify=false",
                      "docker://" + registry.host() + "/team/tiny:1")
                  .timeout(Duration.ofSeconds(60))
                  .ok()
                  .stdout());
      assertThat(inspected.path("Digest").asText()).isEqualTo(digest);
      assertThat(inspected.path("Labels").path("io.galley.model").asText()).isEqualTo("tiny");

      List<TransferEvent> events = new ArrayList<>();
      RemoteImage image = RemoteImage.pull(repo, "1", AMD64);
      BuiltImage copied =
          ImageCopy.copy(image, new OciLayoutSink(dir.resolve("layout"), "1"), events::add);
      assertThat(copied.manifestDescriptor().digest().toString()).isEqualTo(digest);
      assertThat(events.get(events.size() - 1)).isInstanceOf(TransferEvent.ManifestDone.class);
      assertThat(events.stream().filter(TransferEvent.BlobDone.class::isInstance))
          .hasSize(pushed.layers().size() + 1);
      JsonNode layout =
          JSON.readTree(
              Command.of("skopeo", "inspect", "oci:" + dir.resolve("layout") + ":1")
                  .timeout(Duration.ofSeconds(60))
                  .ok()
                  .stdout());
      assertThat(layout.path("Digest").asText()).isEqualTo(digest);

      // A second push finds every blob there and moves none.
      List<TransferEvent> again = new ArrayList<>();
      RemoteImageSink sameRepo = new RemoteImageSink(repo, "2");
      ImageCopy.copy(image, sameRepo, again::add);
      assertThat(again.stream().filter(TransferEvent.BlobProgress.class::isInstance)).isEmpty();
      assertThat(RemoteImage.pull(repo, "2", AMD64).descriptor().digest().toString())
          .isEqualTo(digest);
    }
  }

  @Test
  void anIndexResolvesToThePlatformAskedFor(@TempDir Path dir) throws IOException {
    try (ReferenceRegistry registry = ReferenceRegistry.start(dir.resolve("registry"))) {
      RemoteRepository repo =
          RemoteRegistry.connect(registry.host(), RegistryCredential.ANONYMOUS, false)
              .repository(RepositoryName.of("multi"));
      BuiltImage amd = buildInto(repo, "amd64", dir.resolve("scratch"));
      Descriptor amdEntry = amd.manifestDescriptor().withPlatform(AMD64);
      ImageIndex index = ImageIndex.of(List.of(amdEntry));
      repo.pushManifest("both", ManifestCodec.write(index), MediaTypes.OCI_INDEX);

      assertThat(RemoteImage.pull(repo, "both", AMD64).descriptor().digest())
          .isEqualTo(amd.manifestDescriptor().digest());
      assertThatThrownBy(() -> RemoteImage.pull(repo, "both", Platform.of("linux", "arm64")))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("no matching manifest for linux/arm64")
          .hasMessageContaining("linux/amd64");
    }
  }

  @Test
  void aBlobChangedInTheRegistrysStorageIsRefusedAndNoManifestIsWritten(@TempDir Path dir)
      throws IOException {
    try (ReferenceRegistry registry = ReferenceRegistry.start(dir.resolve("registry"))) {
      RemoteRepository repo =
          RemoteRegistry.connect(registry.host(), RegistryCredential.ANONYMOUS, false)
              .repository(RepositoryName.of("tampered"));
      BuiltImage pushed = buildInto(repo, "1", dir.resolve("scratch"));
      Descriptor model = pushed.layers().get(1); // the uncompressed model layer
      Path data =
          registry
              .storage()
              .resolve("docker/registry/v2/blobs/sha256")
              .resolve(model.digest().hex().substring(0, 2))
              .resolve(model.digest().hex())
              .resolve("data");
      byte[] bytes = Files.readAllBytes(data);
      bytes[bytes.length / 2] ^= 1;
      Files.write(data, bytes);

      Path layout = dir.resolve("layout");
      RemoteImage image = RemoteImage.pull(repo, "1", AMD64);
      assertThatThrownBy(() -> ImageCopy.copy(image, new OciLayoutSink(layout, "1"), e -> {}))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining(model.digest().toString());
      assertThat(layout.resolve("index.json")).doesNotExist();
      try (Stream<Path> blobs = Files.list(layout.resolve("blobs/sha256"))) {
        assertThat(blobs.map(p -> p.getFileName().toString())).doesNotContain(model.digest().hex());
      }
    }
  }

  @Test
  void unknownTagsClosedPortsAndMissingCredentialsFailInDockersWords(@TempDir Path dir)
      throws IOException {
    try (ReferenceRegistry open = ReferenceRegistry.start(dir.resolve("open"));
        ReferenceRegistry locked = ReferenceRegistry.startWithBasicAuth(dir.resolve("locked"))) {
      RemoteRepository repo =
          RemoteRegistry.connect(open.host(), RegistryCredential.ANONYMOUS, false)
              .repository(RepositoryName.of("nothing"));
      assertThatThrownBy(() -> repo.pullManifest("v9"))
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> {
                assertThat(e.status()).isEqualTo(404);
                assertThat(e.registryCode()).isIn("MANIFEST_UNKNOWN", "NAME_UNKNOWN");
              })
          .hasMessageMatching("(manifest|repository name) unknown.*");

      int closed;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        closed = s.getLocalPort();
      }
      RemoteRegistry nowhere =
          RemoteRegistry.at(
              java.net.URI.create("http://127.0.0.1:" + closed),
              "127.0.0.1:" + closed,
              RegistryCredential.ANONYMOUS);
      assertThatThrownBy(nowhere::check)
          .isInstanceOfSatisfying(
              RegistryException.class, e -> assertThat(e.unreachable()).isTrue())
          .hasMessageContaining("cannot reach registry 127.0.0.1:" + closed)
          .hasMessageContaining("connection refused");

      RepositoryName name = RepositoryName.of("private/tiny");
      RemoteRepository anonymous =
          RemoteRegistry.connect(locked.host(), RegistryCredential.ANONYMOUS, false)
              .repository(name);
      assertThatThrownBy(() -> buildInto(anonymous, "1", dir.resolve("s1")))
          .isInstanceOfSatisfying(
              RegistryException.class, e -> assertThat(e.status()).isEqualTo(401))
          .hasMessageContaining("wants credentials");
      RemoteRepository wrong =
          RemoteRegistry.connect(
                  locked.host(),
                  new RegistryCredential.Basic(ReferenceRegistry.USER, "not it"),
                  false)
              .repository(name);
      assertThatThrownBy(() -> buildInto(wrong, "1", dir.resolve("s2")))
          .isInstanceOfSatisfying(
              RegistryException.class, e -> assertThat(e.status()).isEqualTo(401))
          .hasMessageNotContaining("not it");
      RemoteRepository right =
          RemoteRegistry.connect(
                  locked.host(),
                  new RegistryCredential.Basic(ReferenceRegistry.USER, ReferenceRegistry.PASSWORD),
                  false)
              .repository(name);
      BuiltImage pushed = buildInto(right, "1", dir.resolve("s3"));
      assertThat(RemoteImage.pull(right, "1", AMD64).descriptor().digest())
          .isEqualTo(pushed.manifestDescriptor().digest());
    }
  }
}
