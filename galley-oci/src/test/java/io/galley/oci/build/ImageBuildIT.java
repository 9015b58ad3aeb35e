package io.galley.oci.build;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.galley.oci.layer.LayerWriter;
import io.galley.oci.layout.DockerArchiveSink;
import io.galley.oci.layout.OciLayoutSink;
import io.galley.testing.tools.Command;
import io.galley.testing.tools.SystemTools;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images the builder makes, read by the real tools: skopeo inspects the OCI layout, docker and
 * podman load the archive, docker runs it; and two builds in processes with other time zones,
 * locales and umasks give one manifest digest.
 */
class ImageBuildIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TAG = "galley-build-it/tiny:1";

  private static BuiltImage build(ImageSink sink, Path scratch) throws IOException {
    return new ImageBuilder(new LayerWriter(LayerWriter.DEFAULT_MTIME), scratch, e -> {})
        .build(TestImage.recipe(), BlobSource.none(), sink);
  }

  /** The test image as an archive that docker load and podman load read. */
  private static BuiltImage buildArchive(Path archive, Path scratch) throws IOException {
    try (OutputStream out = Files.newOutputStream(archive)) {
      return build(new DockerArchiveSink(out, List.of(TAG), LayerWriter.DEFAULT_MTIME), scratch);
    }
  }

  @Test
  void twoProcessesWithOtherTimeZonesLocalesAndUmasksBuildOneDigest(@TempDir Path dir)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("java.class.path");
    List<String> digests = new ArrayList<>();
    String[][] settings = {
      {"022", "UTC", "en", "US"},
      {"077", "Pacific/Chatham", "tr", "TR"},
      {"002", "Asia/Kolkata", "ar", "SA"}
    };
    for (int i = 0; i < settings.length; i++) {
      String[] s = settings[i];
      String script =
          "umask "
              + s[0]
              + " && exec \"$0\" -Duser.timezone="
              + s[1]
              + " -Duser.language="
              + s[2]
              + " -Duser.country="
              + s[3]
              + " -cp \"$1\" io.galley.oci.build.TestImage \"$2\" v1";
      Command.Result r =
          Command.of("sh", "-c", script, java, classpath, dir.resolve("layout" + i).toString())
              .env("TZ", s[1])
              .env("LC_ALL", "C")
              .timeout(Duration.ofSeconds(120))
              .ok();
      digests.add(r.stdout().strip());
    }
    BuiltImage here = build(new OciLayoutSink(dir.resolve("here"), "v1"), dir.resolve("s"));
    assertThat(digests)
        .hasSize(3)
        .allMatch(d -> d.equals(here.manifestDescriptor().digest().toString()));
    // The layouts are byte-identical too: the same blobs under the same names.
    assertThat(Files.readString(dir.resolve("layout1/index.json")))
        .isEqualTo(Files.readString(dir.resolve("layout0/index.json")));
  }

  @Test
  void skopeoReadsTheLayoutWithItsLabelsAndDigest(@TempDir Path dir) throws IOException {
    SystemTools.require("skopeo");
    BuiltImage image = build(new OciLayoutSink(dir.resolve("layout"), "v1"), dir.resolve("s"));
    Command.Result r = Command.of("skopeo", "inspect", "oci:" + dir.resolve("layout") + ":v1").ok();
    JsonNode inspect = JSON.readTree(r.stdout());
    assertThat(inspect.path("Digest").asText())
        .isEqualTo(image.manifestDescriptor().digest().toString());
    assertThat(inspect.path("Labels").path("io.galley.model").asText()).isEqualTo("tiny");
    assertThat(inspect.path("Layers")).hasSize(3);
    assertThat(inspect.path("Created").asText()).startsWith("1970-01-01T00:00:01");

    // skopeo copies it out again, verifying every blob on the way (and, unless told, gzipping the
    // model layer, which ModelPack advises against: the digest would change).
    Command.of(
            "skopeo",
            "copy",
            "--preserve-digests",
            "--dest-oci-accept-uncompressed-layers",
            "oci:" + dir.resolve("layout") + ":v1",
            "oci:" + dir.resolve("copy") + ":v1")
        .ok();
    assertThat(
            JSON.readTree(
                    Command.of("skopeo", "inspect", "oci:" + dir.resolve("copy") + ":v1")
                        .ok()
                        .stdout())
                .path("Digest")
                .asText())
        .isEqualTo(image.manifestDescriptor().digest().toString());
  }

  @Test
  void dockerLoadsTheArchiveAndRunsIt(@TempDir Path dir) throws IOException {
    SystemTools.dockerEngine();
    Path archive = dir.resolve("image.tar");
    BuiltImage image = buildArchive(archive, dir.resolve("s"));
    Command.of("docker", "rmi", "-f", TAG).run();
    try {
      Command.Result load = Command.of("docker", "load", "-i", archive.toString()).ok();
      assertThat(load.stdout()).contains("Loaded image: " + TAG);
      if (Files.isRegularFile(TestImage.BUSYBOX)) {
        Command.Result run =
            Command.of("docker", "run", "--rm", "--network", "none", TAG)
                .timeout(Duration.ofSeconds(60))
                .ok();
        assertThat(run.stdout()).isEqualTo(TestImage.MODEL_TEXT);
      } else {
        SystemTools.unavailable("busybox-static is not installed (/bin/busybox), so nothing runs");
      }
      JsonNode inspect =
          JSON.readTree(Command.of("docker", "image", "inspect", TAG).ok().stdout()).get(0);
      assertThat(inspect.path("Id").asText())
          .isEqualTo(image.manifest().config().digest().toString());
      assertThat(inspect.path("Config").path("User").asText()).isEqualTo("65532:65532");
      assertThat(inspect.path("Config").path("Labels").path("io.galley.model").asText())
          .isEqualTo("tiny");
      assertThat(inspect.path("RootFS").path("Layers")).hasSize(3);
    } finally {
      Command.of("docker", "rmi", "-f", TAG).run();
    }
  }

  @Test
  void podmanLoadsTheArchive(@TempDir Path dir) throws IOException {
    SystemTools.require("podman");
    Path archive = dir.resolve("image.tar");
    BuiltImage image = buildArchive(archive, dir.resolve("s"));
    try {
      Command.of("podman", "load", "-i", archive.toString()).timeout(Duration.ofSeconds(120)).ok();
      JsonNode inspect =
          JSON.readTree(Command.of("podman", "image", "inspect", TAG).ok().stdout()).get(0);
      assertThat(inspect.path("Labels").path("io.galley.model").asText()).isEqualTo("tiny");
      // An image's ID is its config's digest, in podman as in docker.
      assertThat(inspect.path("Id").asText()).isEqualTo(image.manifest().config().digest().hex());
    } finally {
      Command.of("podman", "rmi", "-f", TAG).run();
    }
    assertThat(new String(Files.readAllBytes(archive), 0, 5, UTF_8)).isEqualTo("blobs");
  }
}
