package io.galley.oci.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.core.blob.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Manifests from the specs' examples, kept as files: their digests are of these exact bytes. */
class ManifestCodecGoldenTest {
  private static final String CONFIG =
      "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7";
  private static final String EMPTY =
      "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

  static byte[] golden(String name) {
    try (InputStream in = ManifestCodecGoldenTest.class.getResourceAsStream("/manifests/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no golden file " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "oci-manifest.json, OCI_MANIFEST, cb778403cd689cda6d1e37575ad5b195508fc1fb18fa7880b37b62365b6c724e, 5",
    "oci-artifact.json, OCI_MANIFEST, 46ad038ecba6ec027182c782e4dd321f807641b27478b63a9f8eb5186f3d0bb1, 2",
    "oci-index.json, OCI_INDEX, 8b902cb9e55d1ce2dfb10f2c882e1528c64ea2492a0d4f3cdd001ddc85b7ae41, 2",
    "oci-index-artifact.json, OCI_INDEX, f1dbee0779680c982e02a87b5a133a6d650f25fe12c3286a9b301e38fb112082, 2",
    "docker-manifest.json, DOCKER_MANIFEST, 6d5510ed5686c8d73667c6de490e60b26bc4c1387fd814633d5e7c702d7e44b6, 4",
    "docker-manifest-list.json, DOCKER_MANIFEST_LIST, d5b2fbc03f0802dd5aff135808aea49da14742cc550210a7a37982f699ac936d, 2",
    "no-media-type.json, OCI_MANIFEST, f6d179361eff4eec8f64aa0e2c03b5c33c3158f10e65a069816a12c7343287a8, 1",
  })
  void keepsTheExactBytesAndTheirDigest(
      String file, ManifestKind kind, String sha256, int references) {
    byte[] bytes = golden(file);
    ParsedManifest parsed = ManifestCodec.parse(bytes, null);
    assertThat(parsed.kind()).isEqualTo(kind);
    assertThat(parsed.bytes()).isEqualTo(bytes);
    assertThat(parsed.size()).isEqualTo(bytes.length);
    assertThat(parsed.digest()).isEqualTo(new Digest(sha256));
    assertThat(parsed.references()).hasSize(references);
    // The Content-Type a client sends agrees with the document's own mediaType.
    assertThat(ManifestCodec.parse(bytes, kind.mediaType() + "; charset=utf-8").kind())
        .isEqualTo(kind);
  }

  @Test
  void readsAnOciManifestWithSubject() {
    ParsedManifest parsed = ManifestCodec.parse(golden("oci-manifest.json"), null);
    ImageManifest m = (ImageManifest) parsed.document();
    assertThat(m.config())
        .isEqualTo(Descriptor.of(MediaTypes.OCI_CONFIG, Digest.parse(CONFIG), 7023));
    assertThat(m.layers()).extracting(Descriptor::size).containsExactly(32654L, 16724L, 73109L);
    assertThat(m.layers()).allMatch(d -> d.mediaType().equals(MediaTypes.OCI_LAYER_TAR_GZIP));
    assertThat(m.subject()).isNotNull();
    assertThat(m.subject().size()).isEqualTo(7682);
    assertThat(m.annotations())
        .containsExactly(
            Map.entry("com.example.key1", "value1"), Map.entry("com.example.key2", "value2"));
    assertThat(parsed.requiredContent()).hasSize(4).doesNotContain(m.subject());
    assertThat(parsed.references()).last().isEqualTo(m.subject());
    assertThat(parsed.artifactType()).isEqualTo(MediaTypes.OCI_CONFIG);
  }

  @Test
  void readsAnArtifactWithTheEmptyConfig() {
    ParsedManifest parsed = ManifestCodec.parse(golden("oci-artifact.json"), null);
    ImageManifest m = (ImageManifest) parsed.document();
    assertThat(m.artifactType()).isEqualTo("application/vnd.example+type");
    assertThat(parsed.artifactType()).isEqualTo("application/vnd.example+type");
    assertThat(m.config().mediaType()).isEqualTo(MediaTypes.OCI_EMPTY);
    assertThat(m.config().digest()).hasToString(EMPTY);
    assertThat(ManifestCodec.sha256("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .hasToString(EMPTY);
  }

  @Test
  void readsIndexesWithPlatformsAndSubject() {
    ImageIndex index = (ImageIndex) ManifestCodec.parse(golden("oci-index.json"), null).document();
    assertThat(index.manifests())
        .extracting(d -> d.platform().toString())
        .containsExactly("linux/ppc64le", "linux/amd64");

    ParsedManifest list = ManifestCodec.parse(golden("docker-manifest-list.json"), null);
    Platform arm = list.document().references().get(1).platform();
    assertThat(arm)
        .isEqualTo(new Platform("arm64", "linux", null, java.util.List.of("sse4"), "v8"));

    ParsedManifest withSubject = ManifestCodec.parse(golden("oci-index-artifact.json"), null);
    assertThat(withSubject.subject().mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
    assertThat(withSubject.requiredContent()).hasSize(1);
    assertThat(withSubject.artifactType()).isEqualTo("application/vnd.example.sbom.v1");
    assertThat(withSubject.requiredContent().get(0).artifactType())
        .isEqualTo("application/vnd.example.sbom.v1");
  }

  @Test
  void readsDockerSchema2WithForeignLayerUrls() {
    ImageManifest m =
        (ImageManifest) ManifestCodec.parse(golden("docker-manifest.json"), null).document();
    assertThat(m.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(m.config().mediaType()).isEqualTo(MediaTypes.DOCKER_CONFIG);
    assertThat(m.layers().get(2).mediaType()).isEqualTo(MediaTypes.DOCKER_FOREIGN_LAYER_TAR_GZIP);
    assertThat(m.layers().get(2).urls()).containsExactly("https://example.com/layer.tar.gz");
  }

  @Test
  void takesTheKindFromContentTypeWhenTheDocumentHasNoMediaType() {
    byte[] bytes = golden("no-media-type.json");
    assertThat(ManifestCodec.parse(bytes, MediaTypes.DOCKER_MANIFEST).kind())
        .isEqualTo(ManifestKind.DOCKER_MANIFEST);
    assertThat(ManifestCodec.parse(bytes, "application/json").kind())
        .isEqualTo(ManifestKind.OCI_MANIFEST);
  }
}
