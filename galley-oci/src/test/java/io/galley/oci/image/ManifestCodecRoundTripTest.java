package io.galley.oci.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.core.blob.Digest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestCodecRoundTripTest {
  private static final Digest A = digest('a');
  private static final Digest B = digest('b');

  static Digest digest(char c) {
    return new Digest(String.valueOf(c).repeat(64));
  }

  static List<Manifest> documents() {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("z.last", "written first");
    annotations.put("a.first", "written second");
    Descriptor config = Descriptor.of(MediaTypes.OCI_CONFIG, A, 100);
    Descriptor layer = Descriptor.of(MediaTypes.OCI_LAYER_TAR, B, 0);
    Descriptor subject = Descriptor.of(MediaTypes.OCI_MANIFEST, B, 500);
    return List.of(
        ImageManifest.of(config, List.of()),
        ImageManifest.of(config, List.of(layer, layer.withAnnotations(annotations))),
        new ImageManifest(
            2,
            MediaTypes.OCI_MANIFEST,
            "application/vnd.galley.model.v1",
            Descriptor.of(MediaTypes.OCI_EMPTY, A, 2),
            List.of(layer),
            subject,
            annotations),
        new ImageManifest(
            2, MediaTypes.DOCKER_MANIFEST, null, config, List.of(layer), null, Map.of()),
        new ImageManifest(2, null, null, config, List.of(layer), null, Map.of()),
        ImageIndex.of(
            List.of(
                Descriptor.of(MediaTypes.OCI_MANIFEST, A, 1)
                    .withPlatform(new Platform("arm64", "linux", "1.0", List.of("x"), "v8")),
                Descriptor.of(MediaTypes.OCI_MANIFEST, B, 2)
                    .withArtifactType("application/vnd.example.sig"))),
        new ImageIndex(
            2,
            MediaTypes.OCI_INDEX,
            "application/vnd.example.bundle",
            List.of(),
            subject,
            annotations),
        new ImageIndex(
            2,
            MediaTypes.DOCKER_MANIFEST_LIST,
            null,
            List.of(
                Descriptor.of(MediaTypes.DOCKER_MANIFEST, A, 3)
                    .withPlatform(Platform.of("linux", "amd64"))),
            null,
            Map.of()));
  }

  @ParameterizedTest
  @MethodSource("documents")
  void writesWhatItReadsBack(Manifest document) {
    byte[] bytes = ManifestCodec.write(document);
    ParsedManifest parsed = ManifestCodec.parse(bytes, null);
    assertThat(parsed.document()).isEqualTo(document);
    assertThat(parsed.document().annotations().keySet())
        .containsExactlyElementsOf(document.annotations().keySet());
    assertThat(parsed.digest()).isEqualTo(ManifestCodec.sha256(bytes));
    // Writing is deterministic: the same document gives the same bytes, hence the same digest.
    assertThat(ManifestCodec.write(parsed.document())).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "oci-manifest.json",
        "oci-artifact.json",
        "oci-index.json",
        "oci-index-artifact.json",
        "docker-manifest.json",
        "docker-manifest-list.json"
      })
  void goldenDocumentsSurviveAWriteAndRead(String file) {
    Manifest golden = ManifestCodec.parse(ManifestCodecGoldenTest.golden(file), null).document();
    assertThat(ManifestCodec.parse(ManifestCodec.write(golden), null).document()).isEqualTo(golden);
  }
}
