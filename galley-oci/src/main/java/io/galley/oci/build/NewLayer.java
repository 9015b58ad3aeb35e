package io.galley.oci.build;

import static java.util.Objects.requireNonNull;

import io.galley.oci.layer.LayerEntry;
import io.galley.oci.layer.LayerWriter.Compression;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A layer to add: its entries, whether it is stored compressed, the line the image's history shows
 * for it ({@code docker history}'s CREATED BY), and optionally a key that names its content
 * (digests of its files, say): a layer written before under the same key, and still stored, is not
 * written again (see {@link LayerCache}).
 */
public record NewLayer(
    String createdBy,
    List<LayerEntry> entries,
    Compression compression,
    @Nullable String cacheKey) {
  public NewLayer {
    requireNonNull(createdBy, "createdBy");
    requireNonNull(compression, "compression");
    entries = List.copyOf(entries);
  }

  /** A layer written each time. */
  public NewLayer(String createdBy, List<LayerEntry> entries, Compression compression) {
    this(createdBy, entries, compression, null);
  }
}
