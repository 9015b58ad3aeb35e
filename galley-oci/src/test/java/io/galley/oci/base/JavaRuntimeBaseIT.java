package io.galley.oci.base;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.galley.oci.build.BaseImage;
import io.galley.oci.build.BlobSource;
import io.galley.oci.build.BuiltImage;
import io.galley.oci.build.ImageBuilder;
import io.galley.oci.build.ImageRecipe;
import io.galley.oci.layer.LayerWriter;
import io.galley.oci.layout.DockerArchiveSink;
import io.galley.testing.tools.Command;
import io.galley.testing.tools.SystemTools;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jlinked base, loaded into docker and run as nonroot. */
class JavaRuntimeBaseIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TAG = "galley-base-it/java:" + JavaRuntimeBase.featureVersion();

  private static ImageRecipe recipe(Path work) throws IOException {
    return new ImageRecipe(
        BaseImage.scratch("linux", "amd64"),
        JavaRuntimeBase.ofThisJvm().layers(work),
        JavaRuntimeBase.containerConfig(),
        LayerWriter.DEFAULT_MTIME,
        Map.of());
  }

  private static BuiltImage build(
      ImageRecipe recipe, io.galley.oci.build.ImageSink sink, Path scratch) throws IOException {
    return new ImageBuilder(new LayerWriter(LayerWriter.DEFAULT_MTIME), scratch, e -> {})
        .build(recipe, BlobSource.none(), sink);
  }

  /**
   * One jlink here: that the base rebuilds to one digest in another process, time zone, locale and
   * umask is ServeIT's {@code theBaseIsKeptOrRebuiltToTheSameDigest}, through the server.
   */
  @Test
  void dockerRunsTheBasesJavaAsNonroot(@TempDir Path dir) throws IOException {
    SystemTools.dockerEngine();
    Path archive = dir.resolve("base.tar");
    try (OutputStream out = Files.newOutputStream(archive)) {
      build(
          recipe(dir.resolve("w")),
          new DockerArchiveSink(out, List.of(TAG), LayerWriter.DEFAULT_MTIME),
          dir.resolve("s"));
    }
    try {
      Command.of("docker", "load", "-i", archive.toString()).ok();
      Command.Result version =
          Command.of("docker", "run", "--rm", "--network", "none", TAG)
              .timeout(Duration.ofSeconds(60))
              .ok();
      assertThat(version.stderr()).contains("version \"" + JavaRuntimeBase.featureVersion());
      Command.Result props =
          Command.of(
                  "docker",
                  "run",
                  "--rm",
                  "--network",
                  "none",
                  TAG,
                  "/opt/java/bin/java",
                  "-XshowSettings:properties",
                  "-version")
              .timeout(Duration.ofSeconds(60))
              .ok();
      assertThat(props.stderr()).contains("user.name = nonroot").contains("java.home = /opt/java");
      JsonNode inspect =
          JSON.readTree(Command.of("docker", "image", "inspect", TAG).ok().stdout()).get(0);
      assertThat(inspect.path("Config").path("User").asText()).isEqualTo(JavaRuntimeBase.USER);
      assertThat(inspect.path("Size").asLong()).isPositive();
    } finally {
      Command.of("docker", "rmi", "-f", TAG).run();
    }
  }
}
