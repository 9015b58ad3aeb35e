package io.galley.oci.build;

import static java.util.Objects.requireNonNull;

import io.galley.core.blob.Digest;
import io.galley.oci.image.Descriptor;
import io.galley.oci.image.History;
import io.galley.oci.image.ImageConfig;
import io.galley.oci.image.ImageConfigCodec;
import io.galley.oci.image.ImageManifest;
import io.galley.oci.image.Manifest;
import io.galley.oci.image.ManifestCodec;
import io.galley.oci.image.MediaTypes;
import io.galley.oci.image.RootFs;
import io.galley.oci.layer.LayerEntry;
import io.galley.oci.layer.LayerWriter;
import io.galley.oci.layer.WrittenLayer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Builds an image from a recipe: writes each new layer once (to a temporary file, so its digest is
 * known before a sink sees it), stacks it on the base's in the config ({@code diff_ids}, one
 * history step each, all dated by the recipe) and the manifest, then hands the sink every blob it
 * lacks and, last, the manifest. The same recipe gives the same manifest digest.
 */
public final class ImageBuilder {
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private final LayerWriter writer;
  private final Path scratchDir;
  private final Consumer<BuildEvent> events;
  private final LayerCache cache;

  /**
   * @param writer dates and writes the layers
   * @param scratchDir where layers wait between being written and being stored (removed after)
   * @param events told of each step, on the building thread
   * @param cache layers written before, for new layers that carry a cache key
   */
  public ImageBuilder(
      LayerWriter writer, Path scratchDir, Consumer<BuildEvent> events, LayerCache cache) {
    this.writer = requireNonNull(writer, "writer");
    this.scratchDir = requireNonNull(scratchDir, "scratchDir");
    this.events = requireNonNull(events, "events");
    this.cache = requireNonNull(cache, "cache");
  }

  /** A builder that writes every layer each time. */
  public ImageBuilder(LayerWriter writer, Path scratchDir, Consumer<BuildEvent> events) {
    this(writer, scratchDir, events, LayerCache.NONE);
  }

  public BuiltImage build(ImageRecipe recipe, BlobSource baseBlobs, ImageSink sink)
      throws IOException {
    Files.createDirectories(scratchDir);
    Map<Descriptor, Path> written = new LinkedHashMap<>();
    try {
      List<WrittenLayer> layers = new ArrayList<>();
      int count = recipe.layers().size();
      for (int i = 0; i < count; i++) {
        NewLayer layer = recipe.layers().get(i);
        events.accept(new BuildEvent.LayerStarted(i, count, layer.createdBy()));
        String key = cacheKey(layer);
        Optional<WrittenLayer> known = key == null ? Optional.empty() : cache.find(key);
        if (known.isPresent() && sink.has(known.get().descriptor())) {
          layers.add(known.get());
          events.accept(new BuildEvent.LayerReused(i, known.get().descriptor()));
          continue;
        }
        long start = System.nanoTime();
        Path file = Files.createTempFile(scratchDir, "layer-", ".tar");
        WrittenLayer w;
        try (OutputStream out = Files.newOutputStream(file)) {
          w = writer.write(layer.entries(), layer.compression(), out);
        } catch (IOException | RuntimeException e) {
          Files.deleteIfExists(file);
          throw e;
        }
        if (written.putIfAbsent(w.descriptor(), file) != null) {
          Files.delete(file); // the same layer twice: stored once, listed twice
        }
        layers.add(w);
        if (key != null) {
          cache.put(key, w);
        }
        events.accept(
            new BuildEvent.LayerWritten(
                i, w.descriptor(), (System.nanoTime() - start) / 1_000_000));
      }
      BuiltImage image = assemble(recipe, layers);
      Descriptor config = image.manifest().config();
      for (Descriptor blob : image.layers()) {
        Path file = written.get(blob);
        store(
            sink,
            blob,
            file != null ? () -> Files.newInputStream(file) : () -> baseBlobs.open(blob).open());
      }
      byte[] configBytes = image.configBytes();
      store(sink, config, () -> new ByteArrayInputStream(configBytes));
      sink.putManifest(image);
      events.accept(new BuildEvent.ImageStored(image));
      return image;
    } finally {
      for (Path file : written.values()) {
        Files.deleteIfExists(file);
      }
    }
  }

  private void store(ImageSink sink, Descriptor blob, LayerEntry.Content content)
      throws IOException {
    boolean present = sink.has(blob);
    if (!present) {
      sink.putBlob(blob, content);
    }
    events.accept(new BuildEvent.BlobStored(blob, present));
  }

  /** The layer's own key with what else decides its bytes: the writer's date, the compression. */
  private @Nullable String cacheKey(NewLayer layer) {
    String own = layer.cacheKey();
    return own == null ? null : writer.mtime() + "|" + layer.compression() + "|" + own;
  }

  /** The config and manifest of the recipe's image with these new layers. */
  private static BuiltImage assemble(ImageRecipe recipe, List<WrittenLayer> layers) {
    BaseImage base = recipe.base();
    String created = RFC3339.format(recipe.created());
    List<Digest> diffIds = new ArrayList<>(base.config().rootfs().diffIds());
    List<History> history = new ArrayList<>(base.config().history());
    List<Descriptor> blobs = new ArrayList<>(base.layers());
    for (int i = 0; i < layers.size(); i++) {
      diffIds.add(layers.get(i).diffId());
      blobs.add(layers.get(i).descriptor());
      history.add(new History(created, recipe.layers().get(i).createdBy(), null, null, false));
    }
    ImageConfig baseConfig = base.config();
    ImageConfig config =
        new ImageConfig(
            created,
            null,
            baseConfig.architecture(),
            baseConfig.os(),
            baseConfig.osVersion(),
            baseConfig.variant(),
            recipe.config(),
            RootFs.of(diffIds),
            history);
    byte[] configBytes = ImageConfigCodec.write(config);
    Descriptor configDescriptor =
        Descriptor.of(MediaTypes.OCI_CONFIG, ManifestCodec.sha256(configBytes), configBytes.length);
    ImageManifest manifest =
        new ImageManifest(
            Manifest.SCHEMA_VERSION,
            MediaTypes.OCI_MANIFEST,
            null,
            configDescriptor,
            blobs,
            recipe.subject(),
            recipe.annotations());
    byte[] manifestBytes = ManifestCodec.write(manifest);
    Descriptor manifestDescriptor =
        Descriptor.of(
            MediaTypes.OCI_MANIFEST, ManifestCodec.sha256(manifestBytes), manifestBytes.length);
    return new BuiltImage(manifestDescriptor, manifest, manifestBytes, config, configBytes, blobs);
  }

  /** RFC 3339 as image configs write it, to the second, in UTC. */
  public static String rfc3339(Instant instant) {
    return RFC3339.format(instant);
  }
}
