package io.galley.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.galley.oci.build.BuiltImage;
import io.galley.oci.build.NewLayer;
import io.galley.oci.distribution.RegistryCredential;
import io.galley.oci.distribution.RemoteRegistry;
import io.galley.oci.layer.LayerEntry;
import io.galley.oci.layer.LayerWriter;
import io.galley.oci.name.RepositoryName;
import io.galley.testing.tools.ReferenceRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code galley pull} against Debian's docker-registry, as {@code docker pull} prints without a
 * terminal: the layers' lines, the digest, the Status line, the reference; the same again finds
 * every layer there; an unknown tag is the daemon's error with exit code 1.
 */
class PullVerbIT {
  @Test
  void printsWhatDockerPullPrintsAndKnowsWhatIsThere(@TempDir Path dir) throws IOException {
    try (ReferenceRegistry registry = ReferenceRegistry.start(dir.resolve("registry"));
        InProcessServer server = new InProcessServer(dir.resolve("galley"))) {
      BuiltImage image = seed(registry, dir.resolve("scratch"));
      String digest = image.manifestDescriptor().digest().toString();
      String ref = registry.host() + "/team/app:1";

      CliRunner first = server.galley("pull", ref);
      assertThat(first.exitCode()).as(first.err()).isZero();
      List<String> lines = first.out().lines().toList();
      assertThat(lines.get(0)).isEqualTo("1: Pulling from team/app");
      for (var layer : image.layers()) {
        String id = layer.digest().hex().substring(0, 12);
        assertThat(lines)
            .contains(id + ": Waiting", id + ": Download complete", id + ": Pull complete");
        assertThat(lines.indexOf(id + ": Pull complete"))
            .isGreaterThan(lines.indexOf(id + ": Waiting"));
      }
      assertThat(lines.subList(lines.size() - 3, lines.size()))
          .containsExactly("Digest: " + digest, "Status: Downloaded newer image for " + ref, ref);

      CliRunner again = server.galley("pull", ref);
      assertThat(again.exitCode()).as(again.err()).isZero();
      assertThat(again.out())
          .contains(image.layers().get(0).digest().hex().substring(0, 12) + ": Already exists")
          .contains("Status: Image is up to date for " + ref)
          .doesNotContain("Pull complete");

      CliRunner quiet = server.galley("pull", "-q", ref);
      assertThat(quiet.out()).isEqualTo(ref + "\n");

      CliRunner json = server.galley("pull", "--format", "json", ref);
      assertThat(json.exitCode()).as(json.err()).isZero();
      assertThat(MlflowRest.JSON.readTree(json.out()).path("digest").asText()).isEqualTo(digest);

      CliRunner unknown = server.galley("pull", registry.host() + "/team/app:nope");
      assertThat(unknown.exitCode()).isEqualTo(1);
      assertThat(unknown.err())
          .startsWith("Error response from daemon: ")
          .contains("manifest unknown");
    }
  }

  private static BuiltImage seed(ReferenceRegistry registry, Path scratch) throws IOException {
    return TestImagePush.push(
        RemoteRegistry.connect(registry.host(), RegistryCredential.ANONYMOUS, false)
            .repository(RepositoryName.of("team/app")),
        "1",
        scratch,
        List.of(
            new NewLayer(
                "one",
                List.of(LayerEntry.bytes("a.txt", 0644, "a\n".getBytes(UTF_8))),
                LayerWriter.Compression.GZIP),
            new NewLayer(
                "two",
                List.of(LayerEntry.bytes("b.bin", 0644, new byte[900_000])),
                LayerWriter.Compression.NONE)));
  }
}
