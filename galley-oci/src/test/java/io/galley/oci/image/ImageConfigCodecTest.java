package io.galley.oci.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.InvalidRequestException;
import io.galley.core.blob.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageConfigCodecTest {
  static byte[] golden() throws IOException {
    try (InputStream in =
        ImageConfigCodecTest.class.getResourceAsStream("/configs/oci-config.json")) {
      return in.readAllBytes();
    }
  }

  @Test
  void readsTheSpecExample() throws IOException {
    ImageConfig config = ImageConfigCodec.parse(golden());
    assertThat(config.architecture()).isEqualTo("amd64");
    assertThat(config.os()).isEqualTo("linux");
    assertThat(config.created()).isEqualTo("2015-10-31T22:22:56.015925234Z");
    ContainerConfig c = config.config();
    assertThat(c.user()).isEqualTo("alice");
    assertThat(c.exposedPorts()).containsExactly("8080/tcp");
    assertThat(c.env()).hasSize(3).contains("FOO=oci_is_a");
    assertThat(c.entrypoint()).containsExactly("/bin/my-app-binary");
    assertThat(c.cmd()).containsExactly("--foreground", "--config", "/etc/my-app.d/default.cfg");
    assertThat(c.workingDir()).isEqualTo("/home/alice");
    assertThat(c.labels()).containsKey("com.example.project.git.commit");
    assertThat(config.rootfs().diffIds())
        .extracting(Digest::toString)
        .containsExactly(
            "sha256:c6f988f4874bb0add23a778f753c65efe992244e148a1d2ec2a8b664fb66bbd1",
            "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef");
    assertThat(config.history())
        .extracting(History::emptyLayer)
        .containsExactly(false, true, false);
    assertThat(config.layerHistoryCount()).isEqualTo(config.rootfs().diffIds().size());
  }

  @Test
  void roundTripsAndWritesDeterministically() throws IOException {
    ImageConfig golden = ImageConfigCodec.parse(golden());
    byte[] written = ImageConfigCodec.write(golden);
    assertThat(ImageConfigCodec.parse(written)).isEqualTo(golden);
    assertThat(ImageConfigCodec.write(ImageConfigCodec.parse(written))).isEqualTo(written);

    Set<String> ports = new LinkedHashSet<>(List.of("9000/tcp", "8080/tcp"));
    Set<String> reversed = new LinkedHashSet<>(List.of("8080/tcp", "9000/tcp"));
    assertThat(ImageConfigCodec.write(minimal(ports)))
        .isEqualTo(ImageConfigCodec.write(minimal(reversed)));
  }

  @Test
  void writesTheMinimalConfigCompactly() {
    ImageConfig empty =
        new ImageConfig(
            null,
            null,
            "amd64",
            "linux",
            null,
            null,
            ContainerConfig.EMPTY,
            RootFs.of(List.of()),
            List.of());
    assertThat(new String(ImageConfigCodec.write(empty), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}");
  }

  static ImageConfig minimal(Set<String> ports) {
    ContainerConfig c =
        new ContainerConfig(null, ports, List.of(), List.of(), List.of("serve"), "/", Map.of());
    return new ImageConfig(
        "1970-01-01T00:00:01Z",
        null,
        "amd64",
        "linux",
        null,
        null,
        c,
        RootFs.of(List.of()),
        List.of());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "{} | rootfs is required",
        "{'os':'linux','rootfs':{'type':'layers','diff_ids':[]}} | architecture is required",
        "{'architecture':'amd64','os':'linux','rootfs':{'type':'bogus'}} | rootfs.type must be 'layers'",
        "{'architecture':'amd64','os':'linux','rootfs':{'type':'layers','diff_ids':['sha256:x']}} | rootfs.diff_ids[0]",
        "{'architecture':'amd64','os':'linux','config':{'Env':'A=1'},'rootfs':{'type':'layers'}} | config.Env must be an array",
        "{'architecture':'amd64','os':'linux','rootfs':{'type':'layers'},'history':[{'empty_layer':'yes'}]} | history[0].empty_layer",
        "[1] | expected a JSON object",
      })
  void rejectsWithTheFieldNamed(String json, String message) {
    byte[] bytes = json.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ImageConfigCodec.parse(bytes))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("image config invalid: ")
        .hasMessageContaining(message);
  }
}
