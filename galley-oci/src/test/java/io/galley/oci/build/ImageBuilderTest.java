package io.galley.oci.build;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.galley.oci.image.ContainerConfig;
import io.galley.oci.layer.LayerEntry;
import io.galley.oci.layer.LayerWriter;
import io.galley.oci.layout.OciLayoutSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageBuilderTest {
  private static ImageRecipe recipe(String weights) {
    return new ImageRecipe(
        BaseImage.scratch("linux", "amd64"),
        List.of(
            new NewLayer(
                "jars",
                List.of(LayerEntry.bytes("opt/lib/a.jar", 0644, "jar".getBytes(UTF_8))),
                LayerWriter.Compression.GZIP,
                "jars-v1"),
            new NewLayer(
                "model",
                List.of(LayerEntry.bytes("model/w.bin", 0644, weights.getBytes(UTF_8))),
                LayerWriter.Compression.NONE)),
        ContainerConfig.EMPTY,
        LayerWriter.DEFAULT_MTIME,
        Map.of());
  }

  @Test
  void aKeyedLayerStillStoredIsReusedAndAnyOtherIsWritten(@TempDir Path dir) throws IOException {
    LayerCache cache = LayerCache.inMemory(10);
    List<BuildEvent> events = new ArrayList<>();
    ImageBuilder builder =
        new ImageBuilder(
            new LayerWriter(LayerWriter.DEFAULT_MTIME), dir.resolve("s"), events::add, cache);
    BuiltImage first =
        builder.build(recipe("w1"), BlobSource.none(), new OciLayoutSink(dir.resolve("a"), "v1"));
    assertThat(events).filteredOn(BuildEvent.LayerWritten.class::isInstance).hasSize(2);

    events.clear();
    BuiltImage second =
        builder.build(recipe("w2"), BlobSource.none(), new OciLayoutSink(dir.resolve("a"), "v2"));
    assertThat(events).filteredOn(BuildEvent.LayerReused.class::isInstance).hasSize(1);
    assertThat(events).filteredOn(BuildEvent.LayerWritten.class::isInstance).hasSize(1);
    assertThat(second.layers().get(0)).isEqualTo(first.layers().get(0));
    assertThat(second.manifestDescriptor().digest())
        .isNotEqualTo(first.manifestDescriptor().digest());

    // A reused layer gives the image a fresh build would: the cache changes no byte.
    BuiltImage fresh =
        new ImageBuilder(new LayerWriter(LayerWriter.DEFAULT_MTIME), dir.resolve("s"), e -> {})
            .build(recipe("w2"), BlobSource.none(), new OciLayoutSink(dir.resolve("b"), "v2"));
    assertThat(fresh.manifestDescriptor().digest()).isEqualTo(second.manifestDescriptor().digest());

    // A sink without the layer gets it written again, not a manifest naming a missing blob.
    events.clear();
    builder.build(recipe("w2"), BlobSource.none(), new OciLayoutSink(dir.resolve("c"), "v2"));
    assertThat(events).filteredOn(BuildEvent.LayerReused.class::isInstance).isEmpty();
    assertThat(dir.resolve("c/blobs/sha256").resolve(first.layers().get(0).digest().hex()))
        .exists();
    try (var left = Files.list(dir.resolve("s"))) {
      assertThat(left).as("layers waiting to be stored are removed").isEmpty();
    }
  }
}
