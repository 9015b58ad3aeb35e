package io.galley.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.oci.build.BuiltImage;
import io.galley.oci.build.NewLayer;
import io.galley.oci.distribution.RegistryCredential;
import io.galley.oci.distribution.RemoteRegistry;
import io.galley.oci.layer.LayerEntry;
import io.galley.oci.layer.LayerWriter;
import io.galley.oci.name.RepositoryName;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code galley images} in docker's columns and words, over images pushed to the server's /v2/ (a
 * pulled image's repository shown by the name it was pulled by); and go-units' sizes and durations,
 * which docker's CREATED and SIZE columns use.
 */
class ImagesVerbTest {
  @Test
  void listsImagesAsDockerImagesDoes(@TempDir Path dir) throws IOException {
    try (InProcessServer server = new InProcessServer(dir.resolve("galley"))) {
      BuiltImage tiny = push(server, "team/tiny", "1", dir.resolve("s1"), 5_000);
      push(server, "team/tiny", "2", dir.resolve("s2"), 5_000); // the same image, another tag
      BuiltImage pulled =
          push(server, "127.0.0.1-5000/team/app", "v1", dir.resolve("s3"), 2_000_000);
      push(server, "docker.io/library/busybox", "1.36", dir.resolve("s4"), 1_000);

      CliRunner list = server.galley("images");
      assertThat(list.exitCode()).as(list.err()).isZero();
      String tinyId = tiny.manifest().config().digest().hex().substring(0, 12);
      String appId = pulled.manifest().config().digest().hex().substring(0, 12);
      long appSize = size(pulled);
      String years = ImagesCommand.created("1970-01-01T00:00:01Z", Instant.now());
      List<String> lines = list.out().lines().toList();
      assertThat(lines.get(0))
          .isEqualTo("REPOSITORY                TAG       IMAGE ID       CREATED        SIZE");
      assertThat(lines)
          .contains(
              String.format(
                  "%-26s%-10s%-15s%-15s%s",
                  "127.0.0.1:5000/team/app", "v1", appId, years, ImagesCommand.humanSize(appSize)),
              String.format(
                  "%-26s%-10s%-15s%-15s%s",
                  "team/tiny", "1", tinyId, years, ImagesCommand.humanSize(size(tiny))));
      assertThat(lines.stream().filter(l -> l.startsWith("busybox "))).hasSize(1);
      assertThat(lines).hasSize(5);

      CliRunner quiet = server.galley("images", "-q");
      // One line per image: the two tags of team/tiny are one image.
      assertThat(quiet.out().lines()).hasSize(3).contains(tinyId, appId);

      CliRunner digests = server.galley("images", "--digests", "--no-trunc");
      assertThat(digests.out().lines().findFirst().orElseThrow())
          .startsWith("REPOSITORY")
          .contains("DIGEST");
      assertThat(digests.out())
          .contains(tiny.manifestDescriptor().digest().toString())
          .contains(tiny.manifest().config().digest().toString());

      CliRunner json = server.galley("images", "--format", "json");
      List<JsonNode> rows = json.out().lines().map(l -> read(l)).toList();
      assertThat(rows).hasSize(4);
      assertThat(rows.get(0).path("repository").asText()).isEqualTo("127.0.0.1-5000/team/app");
      assertThat(rows.get(0).path("platforms").toString()).isEqualTo("[\"linux/amd64\"]");
    }
  }

  @Test
  void sizesAndDurationsReadAsGoUnitsWritesThem() {
    assertThat(ImagesCommand.humanSize(0)).isEqualTo("0B");
    assertThat(ImagesCommand.humanSize(999)).isEqualTo("999B");
    assertThat(ImagesCommand.humanSize(1_000)).isEqualTo("1kB");
    assertThat(ImagesCommand.humanSize(5_364)).isEqualTo("5.36kB");
    assertThat(ImagesCommand.humanSize(79_496_931)).isEqualTo("79.5MB");
    assertThat(ImagesCommand.humanSize(1_200_000_000)).isEqualTo("1.2GB");
    assertThat(ImagesCommand.humanDuration(Duration.ofMillis(300))).isEqualTo("Less than a second");
    assertThat(ImagesCommand.humanDuration(Duration.ofSeconds(1))).isEqualTo("1 second");
    assertThat(ImagesCommand.humanDuration(Duration.ofSeconds(59))).isEqualTo("59 seconds");
    assertThat(ImagesCommand.humanDuration(Duration.ofSeconds(90))).isEqualTo("About a minute");
    assertThat(ImagesCommand.humanDuration(Duration.ofMinutes(59))).isEqualTo("59 minutes");
    assertThat(ImagesCommand.humanDuration(Duration.ofMinutes(80))).isEqualTo("About an hour");
    assertThat(ImagesCommand.humanDuration(Duration.ofHours(47))).isEqualTo("47 hours");
    assertThat(ImagesCommand.humanDuration(Duration.ofDays(13))).isEqualTo("13 days");
    assertThat(ImagesCommand.humanDuration(Duration.ofDays(20))).isEqualTo("2 weeks");
    assertThat(ImagesCommand.humanDuration(Duration.ofDays(90))).isEqualTo("3 months");
    assertThat(ImagesCommand.humanDuration(Duration.ofDays(800))).isEqualTo("2 years");
    assertThat(ImagesCommand.created(null, Instant.now())).isEqualTo("N/A");
    assertThat(ImagesCommand.shownRepository("docker.io/library/busybox")).isEqualTo("busybox");
    assertThat(ImagesCommand.shownRepository("docker.io/grafana/loki")).isEqualTo("grafana/loki");
    assertThat(ImagesCommand.shownRepository("localhost-5000/x")).isEqualTo("localhost:5000/x");
    assertThat(ImagesCommand.shownRepository("iris")).isEqualTo("iris");
    assertThat(ImagesCommand.shownRepository("team-2/x")).isEqualTo("team-2/x");
  }

  /** What the registry stores for the image: config and layers, as docker images' SIZE here. */
  private static long size(BuiltImage image) {
    return image.manifest().config().size()
        + image.layers().stream().mapToLong(l -> l.size()).sum();
  }

  private static JsonNode read(String line) {
    try {
      return MlflowRest.JSON.readTree(line);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static BuiltImage push(
      InProcessServer server, String repository, String tag, Path scratch, int bytes)
      throws IOException {
    URI base = URI.create(server.uri());
    return TestImagePush.push(
        RemoteRegistry.at(base, base.getAuthority(), RegistryCredential.ANONYMOUS)
            .repository(RepositoryName.of(repository)),
        tag,
        scratch,
        List.of(
            new NewLayer(
                "data",
                List.of(
                    LayerEntry.bytes(
                        "data.txt", 0644, ("x".repeat(bytes / 2) + repository).getBytes(UTF_8)),
                    LayerEntry.bytes("noise.bin", 0644, noise(bytes / 2))),
                LayerWriter.Compression.NONE)));
  }

  private static byte[] noise(int n) {
    byte[] b = new byte[n];
    new java.util.Random(n).nextBytes(b);
    return b;
  }
}
