package io.galley.oci.name;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OciReferenceTest {
  private static final String D =
      "sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b";

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "ubuntu, docker.io/library/ubuntu:latest",
    "ubuntu:22.04, docker.io/library/ubuntu:22.04",
    "library/ubuntu, docker.io/library/ubuntu:latest",
    "bitnami/redis:7, docker.io/bitnami/redis:7",
    "docker.io/ubuntu, docker.io/library/ubuntu:latest",
    "index.docker.io/ubuntu, docker.io/library/ubuntu:latest",
    "localhost/iris, localhost/iris:latest",
    "localhost:5000/team/models/iris:v1, localhost:5000/team/models/iris:v1",
    "registry.example.org:5000/a/b/c, registry.example.org:5000/a/b/c:latest",
    "127.0.0.1:8080/iris:1.0, 127.0.0.1:8080/iris:1.0",
    "[::1]:5000/iris, [::1]:5000/iris:latest",
    "ghcr.io/org/img, ghcr.io/org/img:latest",
    "foo/bar, docker.io/foo/bar:latest",
  })
  void normalisesLikeDocker(String input, String canonical) {
    OciReference ref = OciReference.parse(input);
    assertThat(ref.toString()).isEqualTo(canonical);
    assertThat(OciReference.parse(canonical)).isEqualTo(ref);
  }

  @Test
  void aDigestAloneMeansNoTag() {
    OciReference ref = OciReference.parse("localhost:5000/iris@" + D);
    assertThat(ref.tag()).isNull();
    assertThat(ref.digest()).hasToString(D);
    assertThat(ref.manifestReference()).isEqualTo(D);
    assertThat(ref).hasToString("localhost:5000/iris@" + D);
  }

  @Test
  void keepsBothTagAndDigest() {
    OciReference ref = OciReference.parse("localhost:5000/iris:v1@" + D);
    assertThat(ref.tag()).isEqualTo(Tag.of("v1"));
    assertThat(ref.manifestReference()).isEqualTo(D);
    assertThat(ref.withTag(Tag.of("v2")).toString()).isEqualTo("localhost:5000/iris:v2@" + D);
  }

  @Test
  void aPortIsNotATag() {
    OciReference ref = OciReference.parse("localhost:5000/iris");
    assertThat(ref.registry()).isEqualTo("localhost:5000");
    assertThat(ref.tag()).isEqualTo(Tag.LATEST);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Ubuntu",
        "localhost:5000/",
        "ubuntu:",
        "ubuntu:-bad",
        "ubuntu@sha256:abc",
        "ubuntu@md5:d41d8cd98f00b204e9800998ecf8427e",
        "-bad.host/iris",
        "host..com/iris",
        "a//b",
      })
  void rejectsMalformedReferences(String input) {
    assertThatThrownBy(() -> OciReference.parse(input)).isInstanceOf(InvalidRequestException.class);
  }
}
