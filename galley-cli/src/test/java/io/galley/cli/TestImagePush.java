package io.galley.cli;

import io.galley.oci.build.BaseImage;
import io.galley.oci.build.BlobSource;
import io.galley.oci.build.BuiltImage;
import io.galley.oci.build.ImageBuilder;
import io.galley.oci.build.ImageRecipe;
import io.galley.oci.build.NewLayer;
import io.galley.oci.distribution.RemoteImageSink;
import io.galley.oci.distribution.RemoteRepository;
import io.galley.oci.image.ContainerConfig;
import io.galley.oci.layer.LayerWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Images for the image verbs' tests: a linux/amd64 image of {@code layers}, pushed as {@code tag}.
 */
final class TestImagePush {
  private TestImagePush() {}

  static BuiltImage push(
      RemoteRepository repository, String tag, Path scratch, List<NewLayer> layers)
      throws IOException {
    ImageRecipe recipe =
        new ImageRecipe(
            BaseImage.scratch("linux", "amd64"),
            layers,
            ContainerConfig.EMPTY,
            LayerWriter.DEFAULT_MTIME,
            Map.of());
    return new ImageBuilder(new LayerWriter(LayerWriter.DEFAULT_MTIME), scratch, e -> {})
        .build(recipe, BlobSource.none(), new RemoteImageSink(repository, tag));
  }
}
