package io.galley.oci.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.oci.OciErrorCode;
import io.galley.oci.OciException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ManifestCodecInvalidTest {
  private static final String A = "sha256:" + "a".repeat(64);
  private static final String VALID =
      "{'schemaVersion':2,'mediaType':'application/vnd.oci.image.manifest.v1+json',"
          + "'config':{'mediaType':'application/vnd.oci.image.config.v1+json','digest':'"
          + A
          + "','size':10},"
          + "'layers':[{'mediaType':'application/vnd.oci.image.layer.v1.tar','digest':'"
          + A
          + "','size':20}]}";

  static byte[] json(String singleQuoted) {
    return singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
  }

  static OciException reject(byte[] bytes, String contentType) {
    try {
      ManifestCodec.parse(bytes, contentType);
    } catch (OciException e) {
      return e;
    }
    throw new AssertionError("accepted " + new String(bytes, StandardCharsets.UTF_8));
  }

  @Test
  void theTemplateIsValid() {
    assertThat(ManifestCodec.parse(json(VALID), null).references()).hasSize(2);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "negative size | 'size':20 | 'size':-1 | layers[0].size must be a non-negative integer",
        "fractional size | 'size':20 | 'size':2.5 | layers[0].size must be a non-negative integer",
        "size as string | 'size':10 | 'size':'10' | config.size must be a non-negative integer",
        "huge size | 'size':10 | 'size':99999999999999999999 | config.size must be a non-negative",
        "unknown field in a layer | 'size':20 | 'size':20,'x':1 | ",
        "unknown field in config | ','size':10 | ','size':10,'digest2':1 | ",
        "no config | 'config':{ | 'cfg':{ | config is required",
        "no layers | 'layers':[ | 'lyrs':[ | layers is required",
        "layers not an array | 'layers':[ | 'layers':'x','l2':[ | layers must be an array",
        "schemaVersion 3 | 'schemaVersion':2 | 'schemaVersion':3 | schemaVersion must be 2",
        "schemaVersion string | 'schemaVersion':2 | 'schemaVersion':'2' | schemaVersion must be an integer",
        "no schemaVersion | 'schemaVersion':2, | | schemaVersion is required",
        "unknown mediaType | manifest.v1+json | manifest.v9+json | unknown mediaType",
        "bad media type in descriptor | image.layer.v1.tar | not a media type | Invalid media type",
        "annotation not a string | 'layers' | 'annotations':{'a':1},'layers' | annotations.a must be a string",
        "index fields in a manifest | 'layers' | 'manifests':[],'layers' | must not have manifests",
      })
  void rejectsWithTheFieldNamed(String why, String from, String to, String message) {
    String mutated = VALID.replaceFirst(java.util.regex.Pattern.quote(from), to == null ? "" : to);
    assertThat(mutated).as("the mutation applies").isNotEqualTo(VALID);
    if (message == null) {
      // Harmless additions stay valid: unknown fields are ignored as the spec requires.
      assertThat(ManifestCodec.parse(json(mutated), null)).isNotNull();
      return;
    }
    OciException e = reject(json(mutated), null);
    assertThat(e.ociCode()).isEqualTo(OciErrorCode.MANIFEST_INVALID);
    assertThat(e.getMessage()).startsWith("manifest invalid").contains(message);
  }

  @ParameterizedTest
  @CsvSource({
    "sha256:abc, expected 64 hex digits",
    "sha256:"
        + "A"
        + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, expected 64 hex",
    "md5:d41d8cd98f00b204e9800998ecf8427e, expected sha256",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, expected sha256",
  })
  void rejectsBadDigests(String digest, String message) {
    OciException e = reject(json(VALID.replaceFirst(A, digest)), null);
    assertThat(e.ociCode()).isEqualTo(OciErrorCode.MANIFEST_INVALID);
    assertThat(e.getMessage()).contains("config.digest").contains(message);
  }

  @Test
  void rejectsAMediaTypeThatContradictsContentType() {
    OciException e = reject(json(VALID), MediaTypes.DOCKER_MANIFEST);
    assertThat(e.getMessage()).contains("does not match Content-Type");
  }

  @Test
  void refusesDockerSchema1AsUnsupported() {
    byte[] schema1 = json("{'schemaVersion':1,'name':'x','tag':'y','fsLayers':[],'signatures':[]}");
    assertThat(reject(schema1, null).ociCode()).isEqualTo(OciErrorCode.UNSUPPORTED);
    byte[] typed =
        json("{'schemaVersion':1,'mediaType':'" + MediaTypes.DOCKER_MANIFEST_V1_SIGNED + "'}");
    assertThat(reject(typed, null).ociCode()).isEqualTo(OciErrorCode.UNSUPPORTED);
  }

  @Test
  void requiresArtifactTypeWithTheEmptyConfig() {
    String artifact = VALID.replace(MediaTypes.OCI_CONFIG, MediaTypes.OCI_EMPTY);
    assertThat(reject(json(artifact), null).getMessage()).contains("artifactType is required");
  }

  @Test
  void rejectsAnIndexWithLayers() {
    String index =
        "{'schemaVersion':2,'mediaType':'application/vnd.oci.image.index.v1+json',"
            + "'manifests':[],'layers':[]}";
    assertThat(reject(json(index), null).getMessage()).contains("must not have config or layers");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'' | the body is empty",
        "[] | expected a JSON object",
        "'null' | expected a JSON object",
        "{'schemaVersion':2 | not acceptable JSON",
        "{'schemaVersion':2}{} | not acceptable JSON",
        "{'schemaVersion':2,'schemaVersion':2} | Duplicate field 'schemaVersion'",
      })
  void rejectsMalformedJson(String body, String message) {
    OciException e = reject(json(body), null);
    assertThat(e.ociCode()).isEqualTo(OciErrorCode.MANIFEST_INVALID);
    assertThat(e.getMessage()).contains(message);
  }

  @Test
  void rejectsDeeplyNestedJsonWithoutBlowingTheStack() {
    String deep = "{'schemaVersion':2,'x':" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    OciException e = reject(json(deep), null);
    assertThat(e.ociCode()).isEqualTo(OciErrorCode.MANIFEST_INVALID);
    assertThat(e.getMessage()).contains("nesting depth");
  }

  @Test
  void rejectsManifestsOverFourMebibytes() {
    byte[] huge = new byte[ManifestCodec.MAX_BYTES + 1];
    java.util.Arrays.fill(huge, (byte) ' ');
    assertThatThrownBy(() -> ManifestCodec.parse(huge, null))
        .isInstanceOf(OciException.class)
        .hasMessageContaining("at most 4194304");
  }
}
