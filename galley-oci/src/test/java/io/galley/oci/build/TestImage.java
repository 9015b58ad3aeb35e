package io.galley.oci.build;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.galley.oci.image.ContainerConfig;
import io.galley.oci.layer.LayerEntry;
import io.galley.oci.layer.LayerWriter;
import io.galley.oci.layout.OciLayoutSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small runnable image built the way {@code galley build} builds: a "runtime" layer (Debian's
 * static busybox, or a stand-in file when it is not installed), a model layer stored uncompressed,
 * a metadata layer, labels, an entrypoint. Its {@code main} builds it into an OCI layout and prints
 * the manifest digest, so a test can build it in another process with another time zone, locale and
 * umask.
 */
public final class TestImage {
  static final Path BUSYBOX = Path.of("/bin/busybox");
  static final String MODEL_TEXT = "weights of a very small model\n";

  private TestImage() {}

  public static ImageRecipe recipe() throws IOException {
    List<LayerEntry> runtime = new ArrayList<>();
    if (Files.isRegularFile(BUSYBOX)) {
      runtime.add(LayerEntry.file("bin/busybox", BUSYBOX, true));
    } else {
      runtime.add(LayerEntry.bytes("bin/busybox", 0755, "not a program".getBytes(UTF_8)));
    }
    runtime.add(LayerEntry.symlink("bin/sh", "busybox"));
    runtime.add(LayerEntry.directory("tmp"));
    List<LayerEntry> model =
        List.of(LayerEntry.bytes("model/weights.txt", 0644, MODEL_TEXT.getBytes(UTF_8)));
    List<LayerEntry> metadata =
        List.of(LayerEntry.bytes("model/MLmodel", 0644, "flavors: {}\n".getBytes(UTF_8)));
    ContainerConfig config =
        new ContainerConfig(
            "65532:65532",
            Set.of("8080/tcp"),
            List.of("PATH=/bin", "PORT=8080"),
            List.of("/bin/busybox", "cat"),
            List.of("/model/weights.txt"),
            "/",
            Map.of("io.galley.model", "tiny", "org.opencontainers.image.title", "tiny"));
    return new ImageRecipe(
        BaseImage.scratch("linux", "amd64"),
        List.of(
            new NewLayer("galley: runtime", runtime, LayerWriter.Compression.GZIP),
            new NewLayer("galley: model files", model, LayerWriter.Compression.NONE),
            new NewLayer("galley: model metadata", metadata, LayerWriter.Compression.GZIP)),
        config,
        LayerWriter.DEFAULT_MTIME,
        Map.of());
  }

  /** Builds into the layout at args[0] (tag args[1]) and prints the manifest digest. */
  public static void main(String[] args) throws IOException {
    Path layout = Path.of(args[0]);
    BuiltImage image =
        new ImageBuilder(
                LayerWriter.fromEnvironment(System.getenv()),
                layout.resolveSibling(layout.getFileName() + ".scratch"),
                e -> {})
            .build(recipe(), BlobSource.none(), new OciLayoutSink(layout, args[1]));
    System.out.println(image.manifestDescriptor().digest());
  }

  static Instant date() {
    return LayerWriter.DEFAULT_MTIME;
  }
}
