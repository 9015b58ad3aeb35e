package io.galley.oci.layout;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.blob.Digest;
import io.galley.oci.image.ContainerConfig;
import io.galley.oci.image.Descriptor;
import io.galley.oci.image.MediaTypes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerBuildContextTest {
  private static final ContainerConfig CONFIG =
      new ContainerConfig(
          "65532:65532",
          Set.of("8080/tcp"),
          List.of("PATH=/opt/java/bin:/bin", "GREETING=say \"hi\" for $5"),
          List.of("/opt/java/bin/java", "-cp", "/opt/galley/lib/*", "Main"),
          List.of(),
          "/",
          Map.of("io.galley.model", "iris"));

  private static DockerBuildContext.Layer tar(String name, String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
      byte[] data = text.getBytes(UTF_8);
      TarArchiveEntry e = new TarArchiveEntry(name);
      e.setSize(data.length);
      e.setMode(0644);
      out.putArchiveEntry(e);
      out.write(data);
      out.closeArchiveEntry();
    }
    byte[] layer = bytes.toByteArray();
    return new DockerBuildContext.Layer(
        Descriptor.of(MediaTypes.OCI_LAYER_TAR, new Digest("a".repeat(64)), layer.length),
        () -> new ByteArrayInputStream(layer));
  }

  @Test
  void theDockerfileQuotesValuesSoDockerReadsThemBackAsTheyWere(@TempDir Path dir)
      throws IOException {
    DockerBuildContext.write(
        dir.resolve("ctx"),
        "h:1/galley/java@sha256:" + "b".repeat(64),
        CONFIG,
        List.of(tar("model/MLmodel", "flavors: {}\n")),
        "made by a test");
    String dockerfile = Files.readString(dir.resolve("ctx/Dockerfile"));
    assertThat(dockerfile)
        .contains("FROM h:1/galley/java@sha256:" + "b".repeat(64) + "\n")
        .contains("COPY rootfs/ /\n")
        .contains("ENV GREETING=\"say \\\"hi\\\" for \\$5\"\n")
        .contains("LABEL \"io.galley.model\"=\"iris\"\n")
        .contains("EXPOSE 8080/tcp\n")
        .contains("USER 65532:65532\n")
        .contains("ENTRYPOINT [\"/opt/java/bin/java\",\"-cp\",\"/opt/galley/lib/*\",\"Main\"]\n");
    assertThat(dir.resolve("ctx/rootfs/model/MLmodel")).hasContent("flavors: {}");
  }

  @Test
  void anEntryOutsideTheContextAndANonEmptyDirectoryAreRefused(@TempDir Path dir)
      throws IOException {
    assertThatThrownBy(
            () ->
                DockerBuildContext.write(
                    dir.resolve("a"),
                    "x@sha256:" + "b".repeat(64),
                    CONFIG,
                    List.of(tar("../../escaped", "no")),
                    "test"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("outside the context");
    assertThat(dir.resolve("escaped")).doesNotExist();
    Files.writeString(Files.createDirectories(dir.resolve("b")).resolve("x"), "there");
    assertThatThrownBy(
            () -> DockerBuildContext.write(dir.resolve("b"), "x", CONFIG, List.of(), "test"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("is not empty");
  }
}
