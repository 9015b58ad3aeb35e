package io.galley.oci.build;

import static java.util.Objects.requireNonNull;

import io.galley.oci.layer.LayerEntry;
import io.galley.oci.layer.LayerWriter.Compression;
import java.util.List;

/**
 * A layer to add: its entries, whether it is stored compressed, and the line the image's history
 * shows for it ({@code docker history}'s CREATED BY).
 */
public record NewLayer(String createdBy, List<LayerEntry> entries, Compression compression) {
  public NewLayer {
    requireNonNull(createdBy, "createdBy");
    requireNonNull(compression, "compression");
    entries = List.copyOf(entries);
  }
}
