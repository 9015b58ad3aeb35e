package io.galley.server.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.oci.OciErrorCode;
import io.galley.oci.OciException;
import io.galley.server.oci.ImageRegistryPath.Kind;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageRegistryPathTest {

  private static ImageRegistryPath parse(String uri) {
    return ImageRegistryPath.parse(uri).orElseThrow();
  }

  @Test
  void namesWithSlashesEndAtTheLastKeyword() {
    ImageRegistryPath p = parse("/v2/team/models/iris/manifests/v1");
    assertThat(p.kind()).isEqualTo(Kind.MANIFEST);
    assertThat(p.name().value()).isEqualTo("team/models/iris");
    assertThat(p.arg()).isEqualTo("v1");

    // "blobs" and "manifests" are valid name components too.
    ImageRegistryPath tricky = parse("/v2/a/blobs/manifests/b/blobs/sha256:" + "a".repeat(64));
    assertThat(tricky.kind()).isEqualTo(Kind.BLOB);
    assertThat(tricky.name().value()).isEqualTo("a/blobs/manifests/b");
  }

  @Test
  void everyShape() {
    assertThat(parse("/v2/").kind()).isEqualTo(Kind.BASE);
    assertThat(parse("/v2").kind()).isEqualTo(Kind.BASE);
    assertThat(parse("/v2/_catalog?n=1").kind()).isEqualTo(Kind.CATALOG);
    assertThat(parse("/v2/a/tags/list?n=2&last=x").kind()).isEqualTo(Kind.TAGS);
    assertThat(parse("/v2/a/blobs/uploads/").kind()).isEqualTo(Kind.UPLOADS);
    assertThat(parse("/v2/a/blobs/uploads").kind()).isEqualTo(Kind.UPLOADS);
    ImageRegistryPath upload = parse("/v2/a/b/blobs/uploads/0f0e6b1c-4f3a-4bd5-9b0c-1d2e3f405060");
    assertThat(upload.kind()).isEqualTo(Kind.UPLOAD);
    assertThat(upload.name().value()).isEqualTo("a/b");
    assertThat(parse("/v2/a/referrers/sha256:" + "b".repeat(64)).kind()).isEqualTo(Kind.REFERRERS);
    assertThat(ImageRegistryPath.parse("/v2/a/unknown/thing")).isEmpty();
    assertThat(ImageRegistryPath.parse("/api/2.0/mlflow/runs/get")).isEmpty();
  }

  @Test
  void percentEscapesDecodeBeforeMatching() {
    ImageRegistryPath p = parse("/v2/a/manifests/sha256%3A" + "c".repeat(64));
    assertThat(p.arg()).isEqualTo("sha256:" + "c".repeat(64));
  }

  @Test
  void invalidNamesAreNameInvalid() {
    for (String bad :
        List.of(
            "/v2/UPPER/tags/list",
            "/v2/a//b/tags/list",
            "/v2/-a/tags/list",
            "/v2/a%zz/tags/list")) {
      assertThatThrownBy(() -> ImageRegistryPath.parse(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              OciException.class,
              e -> assertThat(e.ociCode()).isEqualTo(OciErrorCode.NAME_INVALID));
    }
  }

  @Test
  void acceptNegotiation() {
    String oci = "application/vnd.oci.image.manifest.v1+json";
    assertThat(ManifestEndpoints.accepts(Collections.emptyEnumeration(), oci)).isTrue();
    assertThat(ManifestEndpoints.accepts(Collections.enumeration(List.of("*/*")), oci)).isTrue();
    assertThat(
            ManifestEndpoints.accepts(
                Collections.enumeration(
                    List.of(
                        "application/vnd.docker.distribution.manifest.v2+json",
                        "application/vnd.oci.image.manifest.v1+json; q=0.5")),
                oci))
        .isTrue();
    assertThat(
            ManifestEndpoints.accepts(
                Collections.enumeration(
                    List.of("application/vnd.docker.distribution.manifest.v2+json, text/plain")),
                oci))
        .isFalse();
  }
}
